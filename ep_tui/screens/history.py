"""« Historique des demandes » (manual §VI, SPEC §8): every request of the structure for the
organisme, the 8 filters, Rechercher and Réinitialisation des filtres, the total and the pages
above and below the list, the page size, a sort on any column — paging and sorting done by the
server. The screen stays under the detail it opens, so filters, sort, page and row are as they
were when the technician comes back."""

from __future__ import annotations

import dataclasses
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Select, Static

from ep_tui.api_client import errors
from ep_tui.api_client.models import PAGE_SIZES, HistoryPage, RequestSummary, SortOrder
from ep_tui.api_client.queries import HistoryQuery
from ep_tui.domain.dates import format_stamp
from ep_tui.domain.statuses import Status
from ep_tui.screens.base import SafetyNet
from ep_tui.services import Services
from ep_tui.session import Session, Workspace
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.date_input import DateInput
from ep_tui.widgets.footer import KeyFooter
from ep_tui.widgets.ordered_keys import TextInput

# (sort key, header, width): the portal's columns, in its order.
COLUMNS = (
    ("number", "Numéro", 10),
    ("service", "Offre de service", 22),
    ("motif", "Motif", 22),
    ("person", "Personne concernée", 24),
    ("requester", "Demandeur", 18),
    ("filed_at", "Date de dépôt", 19),
    ("status", "Statut", 14),
    ("status_at", "Date statut", 19),
)
SORT_KEYS = [key for key, _, _ in COLUMNS]
EMPTY_ALL = "Aucune demande n'a encore été déposée auprès de cet organisme."
EMPTY_FILTERED = (
    "Aucune demande ne correspond à ces critères. "
    "« Réinitialisation des filtres » pour tout revoir."
)


def _cut(text: str | None, width: int) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"


def pager_text(page: HistoryPage) -> str:
    noun = "demande" if page.total <= 1 else "demandes"  # « 0 demande », in French
    return f"{page.total} {noun} · page {page.page} sur {page.pages}"


class HistoryTable(DataTable[str | Text]):
    """The list; its keys act on the history (paging, sorting, copying)."""

    BINDINGS = [
        Binding("n", "screen.page(1)", "Page suivante", id="history.next"),
        Binding("p", "screen.page(-1)", "Page précédente", id="history.previous"),
        Binding("greater_than_sign", "screen.sort_column(1)", "Trier (colonne suivante)",
                id="history.sort_next", key_display=">"),
        Binding("less_than_sign", "screen.sort_column(-1)", "Trier (colonne précédente)",
                id="history.sort_previous", key_display="<", show=False),
        Binding("o", "screen.reverse", "Inverser l'ordre", id="history.reverse"),
        Binding("c", "screen.copy_number", "Copier le numéro", id="history.copy"),
        Binding("f", "screen.focus_filters", "Filtres", id="history.filters"),
    ]  # fmt: skip


class HistoryScreen(SafetyNet, Screen[None]):
    CSS_PATH = "history.tcss"
    # The focus goes to the table when the first page arrives (see show), not to the banner.
    AUTO_FOCUS = ""  # "" : none (None would mean the app's, which is every focusable)
    BINDINGS = [
        Binding("f5", "reload", "Actualiser", id="history.reload"),
        Binding("ctrl+e", "export", "Exporter (CSV)", id="history.export",
                tooltip="La vue filtrée, en CSV pour un tableur"),
        Binding("escape", "back", "Accueil", id="history.back", show=False),
    ]  # fmt: skip

    def __init__(self, services: Services, session: Session, workspace: Workspace) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.workspace = workspace
        self.query_state = HistoryQuery()
        self.page: HistoryPage | None = None
        self._keep_row = 0
        self._focus_results = True
        """Give the table the focus when the page comes (at first, and after Rechercher)."""

    # --- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        catalogue = self.workspace.catalogue
        yield Banner(self.session.me, self.workspace.organisme)
        with Vertical(id="history"):
            yield Static("Historique des demandes", id="history-title")
            with Grid(id="filters"):
                yield self._filter("Numéro de demande", TextInput(id="f-numero", compact=True,
                                   restrict=r"\d*", max_length=10))  # fmt: skip
                yield self._filter("Personne concernée", TextInput(id="f-personne", compact=True,
                                   max_length=60))  # fmt: skip
                yield self._filter("Statut", Select([(s.value, s.value) for s in Status],
                                   prompt="Tous", id="f-statut", compact=True))  # fmt: skip
                yield self._filter("Date de début de dépôt", DateInput(id="f-debut",
                                   title="Date de début de dépôt", compact=True))  # fmt: skip
                yield self._filter("Demandeur", TextInput(id="f-demandeur", compact=True,
                                   max_length=60))  # fmt: skip
                yield self._filter("Offre de service", Select(
                    [(s.title, s.code) for s in catalogue.services], prompt="Toutes",
                    id="f-service", compact=True))  # fmt: skip
                yield self._filter("Motif", Select(self._motifs(None), prompt="Tous",
                                   id="f-motif", compact=True))  # fmt: skip
                yield self._filter("Date de fin de dépôt", DateInput(id="f-fin",
                                   title="Date de fin de dépôt", compact=True))  # fmt: skip
            with Horizontal(id="filter-buttons"):
                yield Button("Rechercher", id="search", variant="primary", compact=True)
                yield Button("Réinitialisation des filtres", id="reset", compact=True)
                yield Static("", id="filter-error")
            yield self._pager("top")
            yield HistoryTable(id="table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="empty")
            yield self._pager("bottom")
        yield KeyFooter()

    @staticmethod
    def _filter(label: str, control: Input | Select[str]) -> Horizontal:
        return Horizontal(Static(label, classes="filter-label"), control, classes="filter")

    def _pager(self, where: str) -> Horizontal:
        parts: list[Static | Button | Select[int]] = [
            Button("‹ Précédente", id=f"{where}-previous", compact=True, classes="page-button"),
            Static("", id=f"{where}-count", classes="count"),
            Button("Suivante ›", id=f"{where}-next", compact=True, classes="page-button"),
        ]
        if where == "top":
            parts += [
                Static("", id="sort-state"),
                Static("Par page", classes="page-size-label"),
                Select(
                    [(str(n), n) for n in PAGE_SIZES],
                    value=20,
                    allow_blank=False,
                    id="page-size",
                    compact=True,
                ),  # fmt: skip
            ]
        return Horizontal(*parts, id=f"pager-{where}", classes="pager")

    def _motifs(self, service_code: str | None) -> list[tuple[str, str]]:
        """The motifs of the chosen ODS, or of every ODS (each once)."""
        seen: dict[str, None] = {}
        for service in self.workspace.catalogue.services:
            if service_code and service.code != service_code:
                continue
            field = service.field("motif")
            for choice in field.choices if field else []:
                seen.setdefault(choice)
        return [(m, m) for m in seen]

    def on_resize(self) -> None:
        # Four filters a line on a wide terminal, two on an 80-column one.
        self.query_one("#filters", Grid).styles.grid_size_columns = (
            4 if self.size.width >= 140 else 2
        )

    def on_mount(self) -> None:
        table = self.query_one(HistoryTable)
        for key, header, width in COLUMNS:
            table.add_column(header, key=key, width=width)
        self._show_sort()
        self.query_one("#empty").display = False
        self.load()

    # --- loading ---------------------------------------------------------------------------

    @work(exclusive=True, group="history", exit_on_error=False)
    async def load(self) -> None:
        try:
            page = await self.services.client.history(
                self.workspace.organisme.code, self.query_state
            )
        except errors.FieldErrors as error:
            self._say_filter_error(" ".join(error.fields.values()) or error.message)
            return
        except errors.ApiError as error:
            self.notify(f"{error.message} Les filtres sont conservés : F5 pour réessayer.",
                        title="Historique indisponible", severity="error")  # fmt: skip
            return
        self.show(page)

    def show(self, page: HistoryPage) -> None:
        self.page = page
        if page.page > page.pages and page.total:
            # The last page emptied meanwhile (a request cancelled): show the new last one.
            self.query_state = dataclasses.replace(self.query_state, page=page.pages)
            self.load()
            return
        table = self.query_one(HistoryTable)
        table.clear()
        for item in page.items:
            table.add_row(*self._cells(item), key=item.number)
        empty = self.query_one("#empty", Static)
        empty.update(EMPTY_FILTERED if self._filtered() else EMPTY_ALL)
        empty.display = not page.items
        table.display = bool(page.items)
        # Focus goes to the results when there are some; an empty page leaves it where it is
        # (in a filter after Rechercher: the technician corrects it), never on the hidden table.
        if page.items and (self._focus_results or self.focused is None):
            table.focus()
        elif not page.items and self.focused is table:
            self.set_focus(None)
        self._focus_results = False
        headers = {key: header for key, header, _ in COLUMNS}
        arrow = "▲" if page.order == "asc" else "▼"
        self.query_one("#sort-state", Static).update(f"Tri : {headers[page.sort]} {arrow}")
        for where in ("top", "bottom"):
            self.query_one(f"#{where}-count", Static).update(pager_text(page))
            self.query_one(f"#{where}-previous", Button).disabled = page.page <= 1
            self.query_one(f"#{where}-next", Button).disabled = page.page >= page.pages
        if page.items:
            table.move_cursor(row=min(self._keep_row, len(page.items) - 1), animate=False)
        self._keep_row = 0

    def _cells(self, item: RequestSummary) -> list[str | Text]:
        widths = {key: width for key, _, width in COLUMNS}
        return [
            item.number,
            _cut(item.service_title, widths["service"]),
            _cut(item.motif or "—", widths["motif"]),
            _cut(item.person or "—", widths["person"]),
            _cut(item.requester, widths["requester"]),
            format_stamp(item.filed_at),
            Text(str(item.status), style=_STATUS_STYLES.get(item.status, "")),
            format_stamp(item.status_at),
        ]

    def _filtered(self) -> bool:
        q = self.query_state
        return any(
            (q.numero, q.personne, q.statut, q.depot_debut, q.depot_fin, q.demandeur,
             q.service, q.motif)
        )  # fmt: skip

    # --- filters ---------------------------------------------------------------------------

    def _say_filter_error(self, message: str) -> None:
        self.query_one("#filter-error", Static).update(message)

    def _filters_from_screen(self) -> HistoryQuery | None:
        values: dict[str, object] = {}
        for name in ("numero", "personne", "demandeur"):
            values[name] = self.query_one(f"#f-{name}", Input).value.strip() or None
        for name in ("statut", "service", "motif"):
            select = self.query_one(f"#f-{name}", Select)
            values[name] = None if select.value is Select.NULL else select.value
        if values["statut"] is not None:
            values["statut"] = Status(str(values["statut"]))
        for name, widget_id in (("depot_debut", "f-debut"), ("depot_fin", "f-fin")):
            field = self.query_one(f"#{widget_id}", DateInput)
            if not field.value.strip():
                values[name] = None
                continue
            if field.date is None:
                self._say_filter_error(f"{field.title} : date jj/mm/aaaa attendue.")
                field.focus()
                return None
            values[name] = field.date
        start, end = values["depot_debut"], values["depot_fin"]
        if isinstance(start, date) and isinstance(end, date) and start > end:
            self._say_filter_error("La date de début de dépôt est après la date de fin.")
            self.query_one("#f-debut").focus()
            return None
        self._say_filter_error("")
        return dataclasses.replace(self.query_state, page=1, **values)  # type: ignore[arg-type]

    @on(Button.Pressed, "#search")
    @on(Input.Submitted, "#filters Input")
    def action_search(self) -> None:
        query = self._filters_from_screen()
        if query is not None:
            self.query_state = query
            self._focus_results = True  # to the results, ready to page or open
            self.load()

    @on(Button.Pressed, "#reset")
    def action_reset(self) -> None:
        for field in self.query("#filters Input").results(Input):
            field.value = ""
        for select in self.query("#filters Select").results(Select):
            select.clear()
        self._say_filter_error("")
        self.query_state = HistoryQuery(page_size=self.query_state.page_size,
                                        sort=self.query_state.sort,
                                        order=self.query_state.order)  # fmt: skip
        self.load()

    @on(Select.Changed, "#f-service")
    def _service_chosen(self, event: Select.Changed) -> None:
        # The motifs offered follow the ODS chosen.
        code = None if event.value is Select.NULL else str(event.value)
        motif = self.query_one("#f-motif", Select)
        kept = motif.value
        options = self._motifs(code)
        motif.set_options(options)
        if kept is not Select.NULL and any(value == kept for _, value in options):
            motif.value = kept

    def action_focus_filters(self) -> None:
        self.query_one("#f-numero", Input).focus()

    # --- pages and sort --------------------------------------------------------------------

    def action_page(self, step: int) -> None:
        if self.page is None:
            return
        target = self.query_state.page + step
        if 1 <= target <= self.page.pages:
            self.query_state = dataclasses.replace(self.query_state, page=target)
            self.load()

    @on(Button.Pressed, ".page-button")
    def _page_button(self, event: Button.Pressed) -> None:
        self.action_page(1 if (event.button.id or "").endswith("next") else -1)

    @on(Select.Changed, "#page-size")
    def _page_size(self, event: Select.Changed) -> None:
        size = int(str(event.value))
        if size != self.query_state.page_size:
            # Keep the first request shown in view: the page that holds it at the new size.
            first = (self.query_state.page - 1) * self.query_state.page_size
            self.query_state = dataclasses.replace(self.query_state, page_size=size,
                                                   page=first // size + 1)  # fmt: skip
            self.load()

    def action_sort_column(self, step: int) -> None:
        index = SORT_KEYS.index(self.query_state.sort)
        self._sort_by(SORT_KEYS[(index + step) % len(SORT_KEYS)])

    def action_reverse(self) -> None:
        order: SortOrder = "asc" if self.query_state.order == "desc" else "desc"
        self.query_state = dataclasses.replace(self.query_state, order=order, page=1)
        self._show_sort()
        self.load()

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.query_state.sort:
            self.action_reverse()
        else:
            self._sort_by(key)

    def _sort_by(self, key: str) -> None:
        # Dates newest first, text A→Z: what one expects from a first press.
        order = "desc" if key in {"filed_at", "status_at", "number"} else "asc"
        self.query_state = dataclasses.replace(self.query_state, sort=key, order=order, page=1)  # type: ignore[arg-type]
        self._show_sort()
        self.load()

    def _show_sort(self) -> None:
        table = self.query_one(HistoryTable)
        arrow = "▲" if self.query_state.order == "asc" else "▼"
        for key, header, _ in COLUMNS:
            column = table.columns[key]  # type: ignore[index]
            sorted_here = key == self.query_state.sort
            column.label = Text(f"{header} {arrow}" if sorted_here else header,
                                style="bold underline" if sorted_here else "bold")  # fmt: skip
        table.refresh()

    # --- rows ------------------------------------------------------------------------------

    def _current(self) -> RequestSummary | None:
        table = self.query_one(HistoryTable)
        if self.page is None or not self.page.items or not table.display:
            return None
        return self.page.items[min(table.cursor_row, len(self.page.items) - 1)]

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        item = self._current()
        if item is not None:
            self.app.call_later(self.app.run_action, f"open_request('{item.number}')")

    def action_copy_number(self) -> None:
        item = self._current()
        if item is not None:
            self.app.copy_to_clipboard(item.number)
            self.notify(f"Numéro {item.number} copié (si votre terminal le permet).")

    def action_reload(self) -> None:
        self._keep_row = self.query_one(HistoryTable).cursor_row
        self.load()

    def on_screen_resume(self) -> None:
        # Back from a detail: the request may have changed (completed, cancelled); the same
        # filters, sort, page and row, with the server's latest word.
        if self.page is not None:
            self.action_reload()

    def action_back(self) -> None:
        self.app.call_later(self.app.run_action, "home")

    def action_export(self) -> None:
        from ep_tui.screens.export import ExportDialog

        if self.page is None or not self.page.total:
            self.notify("Rien à exporter : la liste est vide.", severity="warning")
            return
        self.app.push_screen(ExportDialog(self.services, self.workspace.organisme.code,
                                          self.query_state, self.page.total))  # fmt: skip


_STATUS_STYLES = {
    Status.NOUVEAU: "bold",
    Status.PRIS_EN_CHARGE: "",
    Status.RESOLU: "green",
    Status.MESSAGE_ENVOYE: "yellow",
    Status.MESSAGE_RECU: "bold yellow",
    Status.CLOTURE: "dim",
}
