"""« Pilotage du partenariat » (F12): the figures of the yearly COPIL and the quarterly
follow-up (conventions 002 and 004, article 5) for one organisme or all, over a year, a
quarter, the last 12 months or dates — charts with their figures beside them, the alerts
(each opens its request), and the CSV and printable report for the COPIL's minutes.

The figures come from the server (counts and durations only); the tables and their words
from ep_tui.copil, which the report and the CSV share.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Input, OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ep_contract.domain.statistics import METHOD, PeriodKind
from ep_contract.queries import StatisticsQuery
from ep_contract.wire import Statistics
from ep_tui import copil
from ep_tui.api_client import errors
from ep_tui.outcomes import InOrganisme, Navigate, OpenRequest
from ep_tui.screens.workspace_screen import ScreenContext, WorkspaceScreen
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.textual_compat.select import FrenchSelect
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.date_input import DateInput
from ep_tui.widgets.paged_scroll import PagedScroll

ALL = "tous"
PERIODS = [
    ("Année", PeriodKind.YEAR),
    ("Trimestre", PeriodKind.QUARTER),
    ("12 derniers mois", PeriodKind.LAST_12_MONTHS),
    ("Dates", PeriodKind.DATES),
]
QUARTERS = [("1er trimestre", 1), ("2e trimestre", 2), ("3e trimestre", 3), ("4e trimestre", 4)]
DATE_MESSAGE = "Saisissez une date qui existe, au format jj/mm/aaaa."
FIELD_IDS = {"annee": "#s-annee", "trimestre": "#s-trimestre", "debut": "#s-debut",
             "fin": "#s-fin"}  # fmt: skip


def table_text(table: copil.Table, width: int) -> Text:
    """A table as the screen shows it (copil.table_lines), its bars in bold."""
    out = Text(table.title, style="bold")
    for segments in copil.table_lines(table, width):
        out.append("\n")
        for text, is_bar in segments:
            out.append(text, style="bold" if is_bar else "")
    if table.note:
        out.append("\n" + table.note, style="italic")
    return out


def first_query(context: ScreenContext) -> StatisticsQuery:
    """What the screen shows first: the organisme on screen, this year."""
    return StatisticsQuery(organisme=context.workspace.organisme.code, periode=PeriodKind.YEAR,
                           annee=context.services.today().year)  # fmt: skip


def month_grid(months: copil.Table, width: int) -> str:
    """Each month's figure under the chart, in columns: « janv. 2026    15 » (a month is
    never cut across two lines)."""
    cell = max(len(row.label) for row in months.rows) + 7 if months.rows else 1
    per_line = max(1, (width + 3) // (cell + 3))
    cells = [f"{row.label} {row.text:>{cell - len(row.label) - 1}}" for row in months.rows]
    return "\n".join(" · ".join(cells[i : i + per_line]) for i in range(0, len(cells), per_line))


class StatisticsScreen(WorkspaceScreen[None]):
    DEFAULT_CSS = """
    StatisticsScreen #stats-title { text-style: bold; color: $primary; padding: 0 1; }
    StatisticsScreen #stats-controls { height: 1; padding: 0 1; }
    StatisticsScreen #stats-controls Select { width: 24; margin-right: 1; }
    StatisticsScreen #stats-controls #s-periode { width: 20; }
    StatisticsScreen #stats-controls #s-trimestre { width: 17; }
    StatisticsScreen #stats-controls Input { width: 12; margin-right: 1; }
    StatisticsScreen #stats-controls #s-annee { width: 8; }
    StatisticsScreen #stats-status { padding: 0 1; color: $text-muted; }
    StatisticsScreen #stats-status.error { color: $error; text-style: bold; }
    StatisticsScreen #figures { height: 1fr; padding: 0 1 0 0; }
    StatisticsScreen #headline { text-style: bold; margin-bottom: 1; }
    StatisticsScreen .table { margin-bottom: 1; }
    StatisticsScreen #months { height: 3; margin: 0 0 0 0; }
    StatisticsScreen #alerts-title { text-style: bold; }
    StatisticsScreen #alerts { height: auto; max-height: 12; border: none; margin-bottom: 1; }
    StatisticsScreen #method { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Retour", id="statistics.back"),
        Binding("f5", "reload", "Actualiser", id="statistics.reload"),
        # Before the year's and the dates' fields, whose Ctrl+E goes to the end (Fin does).
        Binding("ctrl+e", "export('csv')", "CSV", id="statistics.csv", priority=True,
                tooltip="Les tableaux en CSV, pour un tableur"),
        Binding("ctrl+r", "export('txt')", "Rapport", id="statistics.report",
                tooltip="Le rapport imprimable du COPIL (texte)"),
    ]  # fmt: skip

    figures: var[Statistics | None] = var(None, init=False, always_update=True)
    """The figures shown: equal figures asked again (F5) are drawn again all the same."""

    status_line = getters.query_one("#stats-status", Static)
    alerts_list = getters.query_one("#alerts", OptionList)

    def __init__(
        self, context: ScreenContext, first: asyncio.Future[Statistics] | None = None
    ) -> None:
        super().__init__(context)
        self._alert_targets: dict[str, InOrganisme] = {}
        self._asked: StatisticsQuery | None = None
        """The query last sent (its answer shown or on its way): the same is not sent twice."""
        self._first = first
        """The answer to :func:`first_query`, asked by the app before the screen was built
        (EPApp.action_statistics): drawn with the screen's first frame when it is there."""

    def compose(self) -> ComposeResult:
        today = self.services.today()
        organismes = [("Tous les organismes", ALL)] + [
            (o.name, o.code) for o in self.session.organismes
        ]
        yield Banner(self.session.me, self.workspace.organisme)
        yield Static("Pilotage du partenariat", id="stats-title", markup=False)
        with Horizontal(id="stats-controls"):
            yield FrenchSelect(organismes, value=self.workspace.organisme.code, allow_blank=False,
                               id="s-organisme", compact=True,
                               tooltip="L'organisme, ou tous")  # fmt: skip
            yield FrenchSelect(PERIODS, value=PeriodKind.YEAR, allow_blank=False,
                               id="s-periode", compact=True)  # fmt: skip
            yield Input(str(today.year), id="s-annee", compact=True, restrict=r"\d{0,4}",
                        max_length=4, tooltip="Année (aaaa)")  # fmt: skip
            yield FrenchSelect(QUARTERS, value=(today.month - 1) // 3 + 1, allow_blank=False,
                               id="s-trimestre", compact=True)  # fmt: skip
            yield DateInput(id="s-debut", compact=True, title="Début de la période",
                            tooltip="Début (jj/mm/aaaa)")  # fmt: skip
            yield DateInput(id="s-fin", compact=True, title="Fin de la période",
                            tooltip="Fin (jj/mm/aaaa), comprise")  # fmt: skip
        yield Static("Chargement…", id="stats-status", markup=False)
        # Focusable (« ▌ » at its left, app.tcss): ↓, Pg.Suiv. read on at the keyboard.
        with PagedScroll(id="figures", classes="focus-bar"):
            yield Static("", id="headline", markup=False)
            yield Static("", id="months-title", markup=False)
            yield Sparkline([], id="months")
            yield Static("", id="months-text", classes="table", markup=False)
            # A Static a table: only those in view are drawn (one for all drew ~150 lines).
            for key in copil.TABLE_KEYS[1:]:
                yield Static("", id=f"table-{key}", classes="table", markup=False)
            yield Static("", id="alerts-title", markup=False)
            yield OptionList(id="alerts")
            yield Static(copil.unbreakable(f"Méthode. {METHOD}"), id="method", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show_period_fields(PeriodKind.YEAR)
        self.query_one("#s-organisme").focus()
        first = self._first
        if first is not None and first.done() and not first.cancelled() and not first.exception():
            self._first = None
            self._asked = first_query(self.context)
            self.figures = first.result()  # before the first frame: drawn once, complete
        self.ask()

    # --- the period ---------------------------------------------------------------------

    def _show_period_fields(self, kind: PeriodKind) -> None:
        self.query_one("#s-annee").display = kind in {PeriodKind.YEAR, PeriodKind.QUARTER}
        self.query_one("#s-trimestre").display = kind == PeriodKind.QUARTER
        for name in ("#s-debut", "#s-fin"):
            self.query_one(name).display = kind == PeriodKind.DATES

    def query_asked(self) -> StatisticsQuery | dict[str, str] | None:
        """The query the controls say; the message of each field that does not make one
        (checked here as typed; the server checks again); or None while the dates are still
        to type (nobody wants « invalide » on fields they have not reached)."""
        organisme = self.query_one("#s-organisme", FrenchSelect).value
        kind = PeriodKind(str(self.query_one("#s-periode", FrenchSelect).value))
        base: dict[str, object] = {
            "organisme": None if organisme == ALL else str(organisme),
            "periode": kind,
        }
        errors_found: dict[str, str] = {}
        if kind in {PeriodKind.YEAR, PeriodKind.QUARTER}:
            year = self.query_one("#s-annee", Input).value
            if len(year) != 4:
                errors_found["annee"] = "Saisissez une année sur 4 chiffres."
            else:
                base["annee"] = int(year)
            if kind == PeriodKind.QUARTER:
                base["trimestre"] = self.query_one("#s-trimestre", FrenchSelect).value
        if kind == PeriodKind.DATES:
            fields = {name: self.query_one(FIELD_IDS[name], DateInput) for name in ("debut", "fin")}
            if any(not field.value for field in fields.values()):
                return None
            for name, field in fields.items():
                day = field.date
                if day is None:
                    errors_found[name] = DATE_MESSAGE
                else:
                    base[name] = day.isoformat()
        return errors_found or StatisticsQuery.model_validate(base)

    @on(FrenchSelect.Changed, "#s-organisme, #s-periode, #s-trimestre")
    def _select_changed(self, event: FrenchSelect.Changed) -> None:
        if event.select.id == "s-periode":
            self._show_period_fields(PeriodKind(str(event.value)))
        self.ask()

    @on(Input.Changed, "#s-annee, #s-debut, #s-fin")
    def _typed(self, event: Input.Changed) -> None:
        # Asked as soon as the field makes a period: a year's 4th digit, a date's 10th
        # character; until then its message waits (nobody wants « invalide » at each key).
        if len(event.value) in {4, 10}:
            self.ask()

    @on(DateInput.Picked)
    def _picked(self) -> None:
        self.ask()

    def action_reload(self) -> None:
        self.ask(again=True)

    # --- the figures --------------------------------------------------------------------

    def ask(self, *, again: bool = False) -> None:
        """Ask the figures the controls say — unless they are those shown or on their way
        (the fields' first values, a choice made again): decided here, before any worker, so
        that a question on its way is never cancelled by the same one."""
        asked = self.query_asked()
        if asked is None:
            self._asked = None
            self._say("Saisissez les dates de début et de fin (jj/mm/aaaa).")
            return
        if isinstance(asked, dict):
            self._asked = None
            self._refused(asked)
            return
        if asked == self._asked and not again:
            return
        self._asked = asked
        self.load(asked)

    def _say(self, message: str, *, error: bool = False) -> None:
        """A message on the status line, where the figures' scope was: the figures still
        on screen are then named at the top of the headline, so that they are never read
        as those of the period asked (one line each at 80 columns)."""
        self.status_line.update(message)
        self.status_line.set_class(error, "error")
        shown = self.figures
        if shown is not None:
            lines = [f"Chiffres affichés : {copil.scope_line(shown)}", *copil.headline(shown)]
            self.query_one("#headline", Static).update("\n".join(lines))

    def _refused(self, messages: dict[str, str]) -> None:
        for name, selector in FIELD_IDS.items():
            self.query_one(selector).set_class(name in messages, "-invalid")
        self._say(" ".join(messages.values()), error=True)

    @work(exclusive=True, group="statistics", exit_on_error=False)
    async def load(self, asked: StatisticsQuery) -> None:
        first, self._first = self._first, None
        self.status_line.set_class(False, "error")
        self.status_line.update("Chargement…")
        try:
            if first is not None and asked == first_query(self.context):
                found = await first  # the app's question, still on its way
            else:
                if first is not None:
                    first.cancel()  # another period was chosen before it came
                found = await self.services.client.statistics(asked)
        except errors.FieldErrors as error:
            self._asked = None
            self._refused(error.fields or {"": error.message})
            return
        except errors.ApiError as error:
            self._asked = None  # asked again, it is asked again
            self._say(error.message, error=True)
            return
        for selector in FIELD_IDS.values():
            self.query_one(selector).set_class(False, "-invalid")
        self.figures = found

    def watch_figures(self, figures: Statistics | None) -> None:
        if figures is not None:
            self._show(figures)

    def on_resize(self) -> None:
        if self.figures is not None:
            self._show(self.figures)

    def _show(self, figures: Statistics) -> None:
        width = max(40, self.size.width - 4)
        self.status_line.update(copil.scope_line(figures))
        self.query_one("#headline", Static).update("\n".join(copil.headline(figures)))
        tables = copil.tables(figures)
        months = tables[0]
        self.query_one("#months-title", Static).update(Text(months.title, style="bold"))
        sparkline = self.query_one("#months", Sparkline)
        sparkline.data = [row.value for row in months.rows]
        sparkline.display = figures.filed > 0
        self.query_one("#months-text", Static).update(
            month_grid(months, width) + (f"\n{months.note}" if months.note else "")
        )
        for table in tables[1:]:
            self.query_one(f"#table-{table.key}", Static).update(table_text(table, width))
        self._show_alerts(figures, width)

    def _show_alerts(self, figures: Statistics, width: int) -> None:
        count = len(figures.alerts)
        self.query_one("#alerts-title", Static).update(
            f"Alertes : {count} demande{'s' if count > 1 else ''} au-delà des seuils"
            + (" (Entrée ouvre la demande)" if count else " — aucune.")
        )
        self._alert_targets = {}
        options = []
        for index, (alert, line) in enumerate(zip(figures.alerts, copil.alert_lines(figures),
                                                  strict=True)):  # fmt: skip
            key = f"alert-{index}"
            self._alert_targets[key] = InOrganisme(alert.organisme_code, OpenRequest(alert.number))
            text = Text(line)
            text.truncate(max(width - 4, 20), overflow="ellipsis")
            options.append(Option(text, id=key))
        alerts = self.alerts_list
        alerts.clear_options()
        alerts.add_options(options)
        alerts.display = bool(options)
        if options:  # reached by Tab, Entrée opens the first at once
            alerts.highlighted = 0

    @on(OptionList.OptionSelected, "#alerts")
    def _open(self, event: OptionList.OptionSelected) -> None:
        target = self._alert_targets.get(event.option.id or "")
        if target is not None:
            self.post_message(Navigate(target))

    # --- export -------------------------------------------------------------------------

    def action_export(self, kind: str) -> None:
        if self.figures is None:
            self.notify("Les chiffres ne sont pas encore là.", severity="warning")
            return
        from ep_tui.screens.copil_export import CopilExportDialog

        self.app.push_screen(CopilExportDialog(self.services, self.figures, kind))
