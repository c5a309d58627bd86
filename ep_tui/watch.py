"""Notifications while the app is open: the requests of the structure whose status changed
since the last look (taken in charge, resolved, an answer to a message…).

The server has no push: the app asks for the most recently changed requests (sorted by
« Date statut », newest first) every ``poll_interval`` seconds and compares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ep_contract.domain.statuses import Status
from ep_contract.queries import HistoryQuery
from ep_contract.wire import RequestSummary

#: What the organisme does: only these are news. « Message envoyé » and « Clôturé » come from
#: the structure itself (a message written, an exchange closed — often on this very screen)
#: or from the calendar.
NEWS = frozenset({Status.PRIS_EN_CHARGE, Status.RESOLU, Status.MESSAGE_RECU})

#: The most recently changed requests looked at each time: more changes than this between two
#: looks are summed up as a count rather than listed.
WINDOW = 50
QUERY = HistoryQuery(sort="status_at", order="desc", page_size=WINDOW)


@dataclass
class StatusWatch:
    """What was seen last time: number → (status, its date)."""

    seen: dict[str, tuple[Status, datetime]] | None = None
    latest: datetime | None = None
    _first: bool = field(default=True, repr=False)

    def changes(self, items: Iterable[RequestSummary]) -> list[RequestSummary]:
        """The requests that changed since the previous call (none at the first: it sets the
        starting point)."""
        items = list(items)
        changed: list[RequestSummary] = []
        if self.seen is not None:
            for item in items:
                if item.status not in NEWS:
                    continue
                before = self.seen.get(item.number)
                if before is not None:
                    if before != (item.status, item.status_at):
                        changed.append(item)
                elif self.latest is not None and item.status_at > self.latest:
                    changed.append(item)
        self.seen = {item.number: (item.status, item.status_at) for item in items}
        if items:
            newest = max(item.status_at for item in items)
            self.latest = max(newest, self.latest) if self.latest else newest
        return changed


def describe(item: RequestSummary) -> str:
    what = {
        Status.PRIS_EN_CHARGE: "a été prise en charge",
        Status.RESOLU: "est résolue : la réponse de l'organisme est disponible",
        Status.MESSAGE_RECU: "a reçu une réponse à votre message",
        Status.CLOTURE: "est clôturée",
        Status.MESSAGE_ENVOYE: "a un message en attente de réponse",
        Status.NOUVEAU: "est au statut Nouveau",
    }[item.status]
    return f"La demande n° {item.number} ({item.service_title}) {what}."
