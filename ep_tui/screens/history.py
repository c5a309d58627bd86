"""« Historique des demandes » (manual §VI, SPEC §8): every request of the structure for the
organisme, the 8 filters, Rechercher and Réinitialisation des filtres, the total and the pages
above and below the list, the page size, a sort on any column — paging and sorting done by the
server. The screen stays under the detail it opens, so filters, sort, page and row are as they
were when the technician comes back."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Button, DataTable, Input, Select, Static

from ep_contract.domain.statuses import Status
from ep_contract.queries import HistoryQuery
from ep_contract.wire import PAGE_SIZES, HistoryPage, RequestSummary, SortOrder
from ep_tui.api_client import errors
from ep_tui.outcomes import GoHome, Navigate, OpenRequest, PersonHistory
from ep_tui.screens.history_table import (
    HEADERS,
    SORT_KEYS,
    HistoryTable,
    preview,
)
from ep_tui.screens.workspace_screen import ScreenContext, WorkspaceScreen
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.textual_compat.ordered_keys import TextInput
from ep_tui.textual_compat.select import FrenchSelect
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.date_input import DateInput

EMPTY_ALL = "Aucune demande n'a encore été déposée auprès de cet organisme."
EMPTY_FILTERED = (
    "Aucune demande ne correspond à ces critères. "
    "« Réinitialisation des filtres » pour tout revoir."
)


def pager_text(page: HistoryPage) -> str:
    noun = "demande" if page.total <= 1 else "demandes"  # « 0 demande », in French
    return f"{page.total} {noun} · page {page.page} sur {page.pages}"


class HistoryScreen(WorkspaceScreen[None]):
    CSS_PATH = "history.tcss"
    # The focus goes to the table when the first page arrives (see show), not to the banner.
    AUTO_FOCUS = ""  # "" : none (None would mean the app's, which is every focusable)
    DETAIL_BACK_TO = "history"
    """A request opened from here says Échap comes back here (RequestDetailScreen)."""
    BINDINGS = [
        Binding("f5", "reload", "Actualiser", id="history.reload"),
        # Before the filters' fields, whose Ctrl+E goes to the end (Fin does).
        Binding("ctrl+e", "export", "Exporter (CSV)", id="history.export", priority=True,
                tooltip="La vue filtrée, en CSV pour un tableur"),
        Binding("escape", "back", "Accueil", id="history.back", show=False),
    ]  # fmt: skip

    query_state: var[HistoryQuery] = var(HistoryQuery, init=False)
    """The filters, sort and page asked for: assigning another one loads it."""
    page: var[HistoryPage | None] = var(None, init=False, bindings=True)
    """The page the server answered (its bindings: « n » and « p » where there is a page)."""

    typed_numero = getters.query_one("#f-numero", Input)
    typed_personne = getters.query_one("#f-personne", Input)
    typed_demandeur = getters.query_one("#f-demandeur", Input)
    chosen_statut = getters.query_one("#f-statut", Select)
    chosen_service = getters.query_one("#f-service", Select)
    chosen_motif = getters.query_one("#f-motif", Select)
    depot_debut = getters.query_one("#f-debut", DateInput)
    depot_fin = getters.query_one("#f-fin", DateInput)

    def _typed_filters(self) -> dict[str, Input]:
        """The filters applied with Entrée or « Rechercher », by their name in the query."""
        return {"numero": self.typed_numero, "personne": self.typed_personne,
                "demandeur": self.typed_demandeur}  # fmt: skip

    def _date_filters(self) -> dict[str, DateInput]:
        return {"depot_debut": self.depot_debut, "depot_fin": self.depot_fin}

    def __init__(
        self,
        context: ScreenContext,
        *,
        person: PersonHistory | None = None,
        view: str | None = None,
    ) -> None:
        super().__init__(context)
        self._person = person
        """Whose requests only (« Toutes les demandes de cette personne »), until reset."""
        if person is not None:
            self.set_reactive(HistoryScreen.query_state, self._person_query(HistoryQuery(), person))
        elif (chosen := self._named_view(view) if view else self._default_view()) is not None:
            self.set_reactive(HistoryScreen.query_state, chosen)
        self._keep_row = 0
        self._focus_results = True
        """Give the table the focus when the page comes (at first, and after Rechercher)."""
        self._filter_error = ""

    # --- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        catalogue = self.workspace.catalogue
        yield Banner(self.session.me, self.workspace.organisme)
        with Vertical(id="history"):
            yield Static("Historique des demandes", id="history-title", markup=False)
            with Grid(id="filters"):
                yield self._filter("Numéro de demande", TextInput(
                    id="f-numero", compact=True, restrict=r"\d*", max_length=10,
                    placeholder="10 chiffres"))  # fmt: skip
                yield self._filter("Personne concernée", TextInput(id="f-personne", compact=True,
                                   max_length=60, placeholder="Nom, prénom"))  # fmt: skip
                yield self._filter("Statut", FrenchSelect([(s.value, s.value) for s in Status],
                                   prompt="Tous", id="f-statut", compact=True))  # fmt: skip
                yield self._filter("Demandeur", TextInput(id="f-demandeur", compact=True,
                                   max_length=60, placeholder="Nom, prénom"))  # fmt: skip
                yield self._filter("Date de début de dépôt", DateInput(id="f-debut",
                                   title="Date de début de dépôt", compact=True))  # fmt: skip
                yield self._filter("Date de fin de dépôt", DateInput(id="f-fin",
                                   title="Date de fin de dépôt", compact=True))  # fmt: skip
                yield self._filter("Offre de service", FrenchSelect(
                    [(s.title, s.code) for s in catalogue.services], prompt="Toutes",
                    id="f-service", compact=True), wide=True)  # fmt: skip
                yield self._filter("Motif", FrenchSelect(self._motifs(None), prompt="Tous",
                                   id="f-motif", compact=True), wide=True)  # fmt: skip
            with Horizontal(id="filter-buttons"):
                yield Button("Rechercher", id="search", variant="primary", compact=True)
                yield Button("Réinitialisation des filtres", id="reset", compact=True)
                yield Button("Vues", id="views", compact=True,
                             tooltip="Vues enregistrées (v sur la liste)")  # fmt: skip
                yield Static(classes="spacer", markup=False)
                yield Static("", id="sort-state", markup=False)
            yield Static("", id="filter-status", markup=False)
            yield Static("", id="person-filter", markup=False)
            yield self._pager("top")
            yield HistoryTable(catalogue, id="table")
            yield Static("", id="empty", markup=False)
            yield Static("", id="row-preview", markup=False)
            yield self._pager("bottom")
        yield KeyFooter()

    @staticmethod
    def _filter(label: str, control: Input | Select[str], *, wide: bool = False) -> Horizontal:
        classes = "filter wide" if wide else "filter"
        return Horizontal(
            Static(label, classes="filter-label", markup=False), control, classes=classes
        )

    def _pager(self, where: str) -> Horizontal:
        parts: list[Static | Button | Select[int]] = [
            Button("‹ Précédente", id=f"{where}-previous", compact=True, classes="page-button"),
            Static("", id=f"{where}-count", classes="count", markup=False),
            Button("Suivante ›", id=f"{where}-next", compact=True, classes="page-button"),
        ]
        if where == "top":
            parts += [
                Static(classes="spacer", markup=False),
                Static("Par page", classes="page-size-label", markup=False),
                FrenchSelect(
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

    def on_mount(self) -> None:
        self._show_sort()
        self.query_one("#empty").display = False
        self.query_one("#filter-status").display = False
        self._say_person()
        self._show_filters(self.query_state)
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

    def watch_query_state(self, old: HistoryQuery, new: HistoryQuery) -> None:
        if (old.sort, old.order) != (new.sort, new.order):
            self._show_sort()
        self.load()

    def show(self, page: HistoryPage) -> None:
        self.page = page
        if page.page > page.pages and page.total:
            # The last page emptied meanwhile (a request cancelled): show the new last one.
            self.query_state = self.query_state.replace(page=page.pages)
            return
        table = self.query_one(HistoryTable)
        table.show_items(page.items, keep_row=self._keep_row)
        self._show_preview()
        empty = self.query_one("#empty", Static)
        empty.update(EMPTY_FILTERED if self._filtered() else EMPTY_ALL)
        empty.display = not page.items
        table.display = bool(page.items)
        self.query_one("#row-preview").display = bool(page.items)
        # Focus goes to the results when there are some; an empty page leaves it where it is
        # (in a filter after Rechercher: the technician corrects it), never on the hidden table.
        if page.items and (self._focus_results or self.focused is None):
            table.focus()
        elif not page.items and self.focused is table:
            self.set_focus(None)
        self._focus_results = False
        if table.sort_shown != (page.sort, page.order):
            self._show_sort()
        for count in self.query(".count").results(Static):
            count.update(pager_text(page))
        for button in self.query(".page-button").results(Button):
            first = (button.id or "").endswith("previous")
            button.disabled = page.page <= 1 if first else page.page >= page.pages
        self._keep_row = 0
        self._say_pending()

    @on(DataTable.RowHighlighted)
    def _show_preview(self) -> None:
        item = self._current()
        line = self.query_one("#row-preview", Static)
        if item is not None:
            width = max(20, line.size.width or self.size.width - 2)
            # Two lines always: repainted in place, no layout of the screen at every move.
            line.update(preview(item, width, self.workspace.catalogue), layout=False)

    def _filtered(self) -> bool:
        q = self.query_state
        return any(
            (q.numero, q.personne, q.statut, q.depot_debut, q.depot_fin, q.demandeur,
             q.service, q.motif, q.nom, q.naissance)
        )  # fmt: skip

    # --- saved views (ep_tui/screens/history_views.py) -------------------------------------

    def _account(self) -> tuple[str, str]:
        return self.services.settings.server_url, self.session.me.username

    def _default_view(self) -> HistoryQuery | None:
        name = self.services.state.default_view(*self._account())
        return self._named_view(name, quietly=True) if name else None

    def _named_view(self, name: str, *, quietly: bool = False) -> HistoryQuery | None:
        """The saved view ``name`` as this organisme can apply it; None, and said unless
        ``quietly``, when it is gone (deleted meanwhile, from another window)."""
        from ep_tui.screens.history_views import query_of

        fields = self.services.state.views(*self._account()).get(name)
        if fields is None:
            if not quietly:
                self.notify(f"La vue « {name} » n'existe plus.", title="Vue", severity="warning")
            return None
        return self._checked_view(name, query_of(fields))

    def apply_view(self, name: str) -> None:
        """The saved view's filters, sort and page size, in place of the current ones."""
        if (query := self._named_view(name)) is not None:
            self._person = None
            self._say_person()
            self._show_filters(query)
            self._focus_results = True
            self.query_state = query

    def _checked_view(self, name: str, query: HistoryQuery | None) -> HistoryQuery | None:
        """The view as this organisme can apply it: a motif its catalogue no longer has is
        left out, and said; the rest applies."""
        if query is None:
            self.notify(f"La vue « {name} » n'a pas pu être relue.", severity="warning")
            return None
        motifs = {m for m, _ in self._motifs(query.service)}
        if query.motif and query.motif not in motifs:
            self.notify(f"La vue « {name} » cherchait le motif « {query.motif} », que le "
                        "catalogue de cet organisme n'a pas : le reste est appliqué.",
                        title="Vue", severity="warning")  # fmt: skip
            query = query.replace(motif=None)
        if query.service and self.workspace.catalogue.service(query.service) is None:
            query = query.replace(service=None, motif=None)
        return query

    @on(Button.Pressed, "#views")
    def action_views(self) -> None:
        from ep_tui.screens.history_views import ViewsDialog

        state = self.services.state
        names = sorted(state.views(*self._account()), key=str.casefold)
        dialog = ViewsDialog(names, state.default_view(*self._account()))
        self.app.push_screen(dialog, callback=self._view_answered)

    def _view_answered(self, answer: object) -> None:
        from ep_tui.screens.history_views import (
            ApplyView,
            DeleteView,
            MakeDefault,
            SaveView,
            view_of,
        )

        state, account = self.services.state, self._account()
        match answer:
            case ApplyView(name=name):
                self.apply_view(name)
            case SaveView(name=name):
                state.save_view(*account, name, view_of(self.query_state))
                self.notify(f"Vue « {name} » enregistrée.", title="Vue")
            case DeleteView(name=name):
                state.delete_view(*account, name)
                self.notify(f"Vue « {name} » supprimée.", title="Vue")
            case MakeDefault(name=name):
                state.set_default_view(*account, name)
                self.notify(f"Vue « {name} » appliquée à l'ouverture de l'historique."
                            if name else "Plus de vue par défaut.", title="Vue")  # fmt: skip

    def _show_filters(self, query: HistoryQuery) -> None:
        """The filter fields as ``query`` has them (a view applied, the default view), without
        each change being taken for the technician's."""
        for name, typed in self._typed_filters().items():
            with typed.prevent(Input.Changed):
                typed.value = getattr(query, name) or ""
        for name, field in self._date_filters().items():
            day = getattr(query, name)
            with field.prevent(Input.Changed):
                field.value = f"{day:%d/%m/%Y}" if day else ""
        motif = self.chosen_motif
        with self.chosen_service.prevent(Select.Changed), motif.prevent(Select.Changed):
            self._choose(self.chosen_statut, str(query.statut) if query.statut else None)
            self._choose(self.chosen_service, query.service)
            motif.set_options(self._motifs(query.service))
            self._choose(motif, query.motif)

    @staticmethod
    def _choose(select: Select, value: str | None) -> None:
        with select.prevent(Select.Changed):
            if value is None:
                select.clear()
            else:
                select.value = value

    # --- one person ------------------------------------------------------------------------

    @staticmethod
    def _person_query(query: HistoryQuery, person: PersonHistory | None = None) -> HistoryQuery:
        if person is None:
            return query.replace(nom=None, prenom=None, naissance=None)
        return query.replace(nom=person.nom, prenom=person.prenom, naissance=person.naissance,
                             page=1)  # fmt: skip

    def show_person(self, person: PersonHistory) -> None:
        """Only this person's requests (the other filters stay as they are)."""
        self._person = person
        self._say_person()
        self._focus_results = True
        self.query_state = self._person_query(self.query_state, person)

    def _say_person(self) -> None:
        line = self.query_one("#person-filter", Static)
        person = self._person
        if person is not None:
            born = "née" if person.label.startswith("Madame") else "né"
            line.update(
                Text.assemble("Demandes de ", (person.label, "bold"),
                              f", {born} le {person.naissance:%d/%m/%Y} (Réinitialisation : "
                              "toutes)")
            )  # fmt: skip
        line.display = person is not None

    # --- filters ---------------------------------------------------------------------------
    # A choice (Statut, Offre, Motif, a date from the calendar) applies at once; what is typed
    # applies with Entrée or « Rechercher » — until then the line under the buttons says that
    # the list does not follow the filters shown yet.

    def _say_filter_error(self, message: str) -> None:
        self._filter_error = message
        self._say_pending()

    def _say_pending(self) -> None:
        line = self.query_one("#filter-status", Static)
        message = self._filter_error
        if not message and self._typed_differs():
            message = "Filtres modifiés, pas encore appliqués : Entrée ou « Rechercher »."
        line.update(message)
        line.set_class(bool(self._filter_error), "error")
        line.display = bool(message)

    def _typed_differs(self) -> bool:
        q = self.query_state
        for name, typed in self._typed_filters().items():
            if (typed.value.strip() or None) != getattr(q, name):
                return True
        for name, field in self._date_filters().items():
            applied_day = getattr(q, name)
            if (field.date if field.value.strip() else None) != applied_day or (
                field.value.strip() and field.date is None
            ):
                return True
        return False

    @on(Input.Changed, "#filters Input")
    def _typed(self) -> None:
        if self.page is not None:
            self._say_pending()

    def _filters_from_screen(self) -> HistoryQuery | None:
        values: dict[str, object] = {}
        for name, typed in self._typed_filters().items():
            values[name] = typed.value.strip() or None
        for name, select in (("statut", self.chosen_statut), ("service", self.chosen_service),
                             ("motif", self.chosen_motif)):  # fmt: skip
            values[name] = None if select.value is Select.NULL else select.value
        if values["statut"] is not None:
            values["statut"] = Status(str(values["statut"]))
        for name, field in self._date_filters().items():
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
            self.depot_debut.focus()
            return None
        self._say_filter_error("")
        return self.query_state.replace(page=1, **values)  # type: ignore[arg-type]

    @on(Button.Pressed, "#search")
    @on(Input.Submitted, "#filters Input")
    def action_search(self) -> None:
        self._apply(to_results=True)  # to the results, ready to page or open

    def _apply(self, *, to_results: bool) -> None:
        query = self._filters_from_screen()
        if query is not None and (query != self.query_state or to_results):
            self._focus_results = to_results
            if query == self.query_state:
                self.load()  # Rechercher again: the server's latest word, the same filters
            self.query_state = query

    @on(Select.Changed, "#f-statut, #f-motif")
    def _chosen(self) -> None:
        if self.page is not None:
            self._apply(to_results=False)  # the focus stays on the filter just chosen

    @on(DateInput.Picked)
    def _picked(self) -> None:
        self._apply(to_results=False)

    @on(Button.Pressed, "#reset")
    def action_reset(self) -> None:
        """Every filter emptied, and the portal's default order (newest first)."""
        for field in self.query("#filters Input").results(Input):
            field.value = ""
        for select in self.query("#filters Select").results(Select):
            select.clear()
        self._filter_error = ""
        self._person = None
        self._say_person()
        reset = HistoryQuery(page_size=self.query_state.page_size)
        if reset == self.query_state:
            self.load()  # nothing to reset: the server's latest word all the same
        self.query_state = reset

    @on(Select.Changed, "#f-service")
    def _service_chosen(self, event: Select.Changed) -> None:
        # The motifs offered follow the ODS chosen.
        code = None if event.value is Select.NULL else str(event.value)
        motif = self.chosen_motif
        kept = motif.value
        options = self._motifs(code)
        with motif.prevent(Select.Changed):
            motif.set_options(options)
            if kept is not Select.NULL and any(value == kept for _, value in options):
                motif.value = kept
        if self.page is not None:
            self._apply(to_results=False)

    def action_focus_filters(self) -> None:
        # At once, not as Widget.focus does (on a callback queued behind the keys already
        # read): « f2633⏎ » typed in one burst gave the digits to the list and Entrée opened
        # its row.
        self.set_focus(self.typed_numero)

    # --- pages and sort --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page" and parameters and isinstance(step := parameters[0], int):
            target = self.query_state.page + step
            return self.page is not None and 1 <= target <= self.page.pages
        return True

    def action_page(self, step: int) -> None:
        if self.page is None:
            return
        target = self.query_state.page + step
        if 1 <= target <= self.page.pages:
            self.query_state = self.query_state.replace(page=target)

    @on(Button.Pressed, ".page-button")
    def _page_button(self, event: Button.Pressed) -> None:
        self.action_page(1 if (event.button.id or "").endswith("next") else -1)

    @on(Select.Changed, "#page-size")
    def _page_size(self, event: Select.Changed) -> None:
        size = int(str(event.value))
        if size != self.query_state.page_size:
            # Keep the first request shown in view: the page that holds it at the new size.
            first = (self.query_state.page - 1) * self.query_state.page_size
            self.query_state = self.query_state.replace(page_size=size,
                                                   page=first // size + 1)  # fmt: skip

    def action_sort_column(self, step: int) -> None:
        index = SORT_KEYS.index(self.query_state.sort)
        self._sort_by(SORT_KEYS[(index + step) % len(SORT_KEYS)])

    def action_reverse(self) -> None:
        order: SortOrder = "asc" if self.query_state.order == "desc" else "desc"
        self.query_state = self.query_state.replace(order=order, page=1)

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.query_state.sort:
            self.action_reverse()
        else:
            self._sort_by(key)

    def _sort_by(self, key: str) -> None:
        # Dates newest first, text A→Z, statuses in the workflow's order: what one expects
        # from a first press.
        order = "desc" if key in {"filed_at", "status_at", "number"} else "asc"
        self.query_state = self.query_state.replace(sort=key, order=order, page=1)  # type: ignore[arg-type]

    def _show_sort(self) -> None:
        query = self.query_state
        self.query_one(HistoryTable).show_sort(query.sort, query.order)
        arrow = "▲" if query.order == "asc" else "▼"
        self.query_one("#sort-state", Static).update(f"Tri : {HEADERS[query.sort]} {arrow}")

    # --- rows ------------------------------------------------------------------------------

    def _current(self) -> RequestSummary | None:
        return self.query_one(HistoryTable).current

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        item = self._current()
        if item is not None:
            self.post_message(Navigate(OpenRequest(item.number)))

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
        # filters, sort, page and row, with the server's latest word. Not when the screens
        # are being closed after a sign-out: there is no session to ask with.
        if self.page is not None and self.session is getattr(self.app, "session", None):
            self.action_reload()

    def action_back(self) -> None:
        self.post_message(Navigate(GoHome()))

    def action_export(self) -> None:
        from ep_tui.screens.export import ExportDialog

        if self.page is None or not self.page.total:
            self.notify("Rien à exporter : la liste est vide.", severity="warning")
            return
        self.app.push_screen(ExportDialog(self.services, self.workspace.organisme,
                                          self.query_state, self.page.total))  # fmt: skip
