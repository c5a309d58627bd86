"""« À traiter » (F7): what needs the technician, across every organisme of the structure —
deadlines that end soon, answers not read yet, requests waiting past the structure's alert
thresholds — and the unsent drafts of this machine. Each line opens its request (in its
organisme) or its draft; handled items are gone when the list comes back.

The items and their words come from the server and ep_contract.domain.worklist; the drafts from
the local encrypted store, read in a thread.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ep_contract.domain.dates import format_stamp, paris
from ep_contract.domain.worklist import URGENCY_OF, URGENCY_TITLES, Urgency, describe
from ep_contract.wire import WorkItem, WorkList, WorkScope
from ep_tui.api_client import errors
from ep_tui.drafts import Draft
from ep_tui.outcomes import (
    Destination,
    InOrganisme,
    Navigate,
    NewRequest,
    OpenRequest,
    WorkListFetched,
)
from ep_tui.screens.workspace_screen import ScreenContext, WorkspaceScreen
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.widgets.banner import Banner

SCOPE_TITLES: dict[WorkScope, str] = {"mine": "Mes demandes", "structure": "Toute la structure"}
DRAFTS_TITLE = "Brouillons non envoyés"
NOTHING = (
    "Rien à traiter : aucune réponse à lire, aucun délai proche, aucune demande en attente "
    "au-delà des seuils, aucun brouillon."
)


def lines_of(first: Text, *more: Text, width: int) -> Text:
    """An entry of the list: its lines, each cut with « … » to ``width`` rather than wrapped
    (at 80 columns a wrapped line read as another entry)."""
    for line in (first, *more):
        line.truncate(max(width, 10), overflow="ellipsis")
    return Text("\n").join([first, *more])


def by_request(items: list[WorkItem]) -> list[list[WorkItem]]:
    """The items of one request together (an answer to read, its window closing, its files),
    in the order of the most urgent: one entry per request, under its most urgent group."""
    found: dict[str, list[WorkItem]] = {}
    for item in items:  # the server sends them most urgent first
        found.setdefault(item.number, []).append(item)
    return list(found.values())


def request_lines(
    items: list[WorkItem], current_organisme: str, width: int, *, with_requester: bool
) -> Text:
    """The request, whose it is, where (when it is not the organisme on screen); then a line
    for each thing to do about it."""
    item = items[0]
    first = Text.assemble((item.number, "bold"), "  ", item.person or item.service_title)
    if item.organisme_code != current_organisme:
        first.append(f" · {item.organisme_name}", style="italic")
    if with_requester:
        first.append(f" · {item.requester}", style="dim")
    reasons = [Text("   " + describe(i.kind, i.days, i.count)) for i in items]
    return lines_of(first, *reasons, width=width)


def draft_lines(draft: Draft, title: str, organisme: str, width: int) -> Text:
    values = draft.values
    person = " ".join(str(values.get(name) or "") for name in ("nom", "prenom")).strip()
    saved = format_stamp(paris(datetime.fromtimestamp(draft.saved_at, tz=UTC)))
    first = Text.assemble((title, "bold"), "  ", person or "")
    return lines_of(first, Text(f"   Enregistré le {saved} · {organisme}"), width=width)


def draft_destination(draft: Draft) -> Destination:
    """A form's draft reopens its form (which offers the draft back); a complement's or a
    message's, its request (whose « Compléter » or « Écrire un message » takes it up)."""
    kind, _, number = draft.service_code.partition(":")
    then = OpenRequest(number) if number else NewRequest(kind)
    return InOrganisme(draft.organisme_code, then)


class WorkListScreen(WorkspaceScreen[None]):
    DEFAULT_CSS = """
    WorkListScreen #work-title { text-style: bold; color: $primary; padding: 0 1; }
    WorkListScreen #work-status { padding: 0 1; color: $text-muted; }
    WorkListScreen #work-status.error { color: $error; text-style: bold; }
    WorkListScreen #work { height: 1fr; border: none; padding: 0 1; }
    WorkListScreen #work-thresholds { padding: 0 1; color: $text-muted; }
    """
    DETAIL_BACK_TO = "worklist"
    """A request opened from here says Échap comes back here (RequestDetailScreen)."""
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Retour", id="worklist.back"),
        # One key, two bindings: the key bar says what « s » would show.
        Binding("s", "scope('structure')", SCOPE_TITLES["structure"], id="worklist.structure",
                tooltip="Les demandes de toute la structure"),
        Binding("s", "scope('mine')", SCOPE_TITLES["mine"], id="worklist.mine",
                tooltip="Vos demandes seulement"),
        Binding("f5", "reload", "Actualiser", id="worklist.reload"),
    ]  # fmt: skip

    scope: var[WorkScope] = var("mine", init=False, bindings=True)
    """Whose requests: assigning it reloads the list."""

    items_list = getters.query_one("#work", OptionList)
    status_line = getters.query_one("#work-status", Static)

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        self._destinations: dict[str, Destination] = {}
        self._shown: tuple[WorkList, list[Draft]] | None = None

    def compose(self) -> ComposeResult:
        yield Banner(self.session.me, self.workspace.organisme)
        yield Static(self._title(), id="work-title", markup=False)
        yield Static("Chargement…", id="work-status", markup=False)
        yield OptionList(id="work")
        yield Static("", id="work-thresholds", markup=False)
        yield KeyFooter()

    def _title(self) -> str:
        return f"À traiter — {SCOPE_TITLES[self.scope]}"

    def on_mount(self) -> None:
        self.items_list.focus()
        self.load()

    def on_screen_resume(self) -> None:
        if self._destinations:  # back from a request: what was handled leaves the list
            self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "scope":
            return parameters[0] != self.scope
        return True

    def action_scope(self, scope: WorkScope) -> None:
        self.scope = scope

    def watch_scope(self) -> None:
        self.query_one("#work-title", Static).update(self._title())
        self.load()

    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, group="worklist", exit_on_error=False)
    async def load(self) -> None:
        drafts = self.context.drafts
        server, username = self.services.settings.server_url, self.session.me.username
        try:
            found, unsent = await asyncio.gather(
                self.services.client.work_list(self.scope),
                asyncio.to_thread(drafts.all_of, server, username),
            )
        except errors.ApiError as error:
            self.status_line.update(error.message)
            self.status_line.set_class(True, "error")
            return
        self._show(found, unsent)

    @on(WorkListFetched)
    def _fetched(self, message: WorkListFetched) -> None:
        """The app's regular look: new items show up here as they are notified."""
        if self._shown is not None and message.work_list.scope == self.scope:
            self._show(message.work_list, self._shown[1])

    def on_resize(self) -> None:
        if self._shown is not None:
            self._show(*self._shown)

    def _show(self, found: WorkList, unsent: list[Draft]) -> None:
        self._shown = (found, unsent)
        # The list's border, padding and scrollbar: 6 columns.
        width = self.size.width - 6
        current = self.workspace.organisme.code
        names = {o.code: o.name for o in self.session.organismes}
        options: list[Option] = []
        self._destinations = {}
        groups: dict[Urgency, list[list[WorkItem]]] = {urgency: [] for urgency in Urgency}
        requests = by_request(found.items)
        for items in requests:
            groups[URGENCY_OF[items[0].kind]].append(items)
        structure = found.scope == "structure"
        for urgency, entries in groups.items():
            if entries:
                options.append(_heading(f"{URGENCY_TITLES[urgency]} ({len(entries)})"))
            for index, items in enumerate(entries):
                key = f"{urgency}-{index}"
                then = OpenRequest(items[0].number)
                self._destinations[key] = InOrganisme(items[0].organisme_code, then)
                lines = request_lines(items, current, width, with_requester=structure)
                options.append(Option(lines, id=key))
        if unsent:
            options.append(_heading(f"{DRAFTS_TITLE} ({len(unsent)})"))
        for index, draft in enumerate(unsent):
            key = f"draft-{index}"
            self._destinations[key] = draft_destination(draft)
            title = self._draft_title(draft)
            organisme = names.get(draft.organisme_code, draft.organisme_code)
            options.append(Option(draft_lines(draft, title, organisme, width), id=key))
        work_list = self.items_list
        kept = work_list.highlighted  # a resize, a reload: the cursor stays where it was
        work_list.clear_options()
        work_list.add_options(options)
        count = len(requests) + len(unsent)
        self.status_line.set_class(False, "error")
        self.status_line.update(f"{count} à traiter." if count else NOTHING)
        work_list.display = bool(count)  # an empty box read as a list still loading
        if count:
            if kept is None or kept >= len(options) or options[kept].disabled:
                kept = next(i for i, o in enumerate(options) if not o.disabled)
            work_list.highlighted = kept
        settings = found.settings
        self.query_one("#work-thresholds", Static).update(
            f"Seuils d'alerte de votre structure : Nouveau {settings.nouveau_days} j, "
            f"Pris en charge {settings.pris_en_charge_days} j ; délais signalés "
            f"{settings.notice_days} j avant leur fin."
        )

    def _draft_title(self, draft: Draft) -> str:
        kind, _, number = draft.service_code.partition(":")
        if kind == "complement":
            return f"Compléter la demande n° {number}"
        if kind == "message":
            return f"Message sur la demande n° {number}"
        service = self.workspace.catalogue.service(kind)
        return service.title if service is not None else kind

    @on(OptionList.OptionSelected, "#work")
    def _open(self, event: OptionList.OptionSelected) -> None:
        destination = self._destinations.get(event.option.id or "")
        if destination is not None:
            self.post_message(Navigate(destination))


def _heading(title: str) -> Option:
    return Option(Text(title, style="bold underline"), disabled=True)
