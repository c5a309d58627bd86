"""Notifications while the app is open: what « À traiter » gained since the last look — an
answer of the organisme, a deadline coming, a request waiting past its threshold.

One source: the work list the F7 screen and the home page show. The server has no push: the
app asks for it every ``poll_interval`` seconds and compares. Across every organisme of the
structure, for the technician's own requests (as the portal's e-mails go to whoever filed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ep_contract.domain.statuses import Status
from ep_contract.domain.worklist import ItemKind, days_left_text
from ep_contract.domain.worklist import describe as describe_item
from ep_contract.wire import WorkItem

ItemKey = tuple[str, str, str, str]


def key_of(item: WorkItem) -> ItemKey:
    """An item is news once. A new answer on a request already answered (a reply after a
    follow-up message) is a new item: its date is part of the key."""
    when = item.due_at.isoformat() if item.kind == ItemKind.ANSWER else ""
    return (item.kind, item.organisme_code, item.number, when)


@dataclass
class WorkWatch:
    """The items seen last time."""

    seen: set[ItemKey] | None = None

    def changes(self, items: Iterable[WorkItem]) -> list[WorkItem]:
        """The items that appeared since the previous call (none at the first: it sets the
        starting point)."""
        items = list(items)
        new = [] if self.seen is None else [i for i in items if key_of(i) not in self.seen]
        self.seen = {key_of(item) for item in items}
        return new


def describe(item: WorkItem, current_organisme: str | None = None) -> str:
    """« La demande n° … (offre) est résolue : … », naming the organisme when it is not the one
    on screen."""
    where = item.service_title
    if item.organisme_code != current_organisme:
        where = f"{where}, {item.organisme_name}"
    subject = f"La demande n° {item.number} ({where})"
    if item.kind == ItemKind.ANSWER:
        what = {
            Status.RESOLU: "est résolue : la réponse de l'organisme est disponible",
            Status.MESSAGE_RECU: "a reçu une réponse à votre message",
        }.get(item.status, "a une réponse de l'organisme à lire")
        return f"{subject} {what}."
    if item.kind == ItemKind.WINDOW_CLOSING:
        return f"{subject} : fin du délai pour poser une question {days_left_text(item.days)}."
    return f"{subject} : {describe_item(item.kind, item.days, item.count)}."
