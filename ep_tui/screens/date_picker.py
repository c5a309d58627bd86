"""A month calendar to pick a date with the keyboard: arrows move by day and week, Page up /
Page down by month, Ctrl+Page up / down by year, four digits go to that year (« 1970 »: a birth
date is decades away, not 56 × Ctrl+Page up), Entrée chooses, Échap leaves it as it was."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ep_tui.screens.dialog import Dialog

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")  # fmt: skip
DAYS = "lu ma me je ve sa di"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (31 janvier + 1 → 28 février)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_grid(shown: date, chosen: date, today: date, low: date | None, high: date | None) -> Text:
    text = Text(f"{MONTHS[shown.month - 1]} {shown.year}".center(20) + "\n", style="bold")
    text.append(DAYS + "\n", style="dim")
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(shown.year, shown.month):
        for index, day in enumerate(week):
            style = ""
            if day.month != shown.month:
                style = "dim"
            if (low and day < low) or (high and day > high):
                style = "dim strike"
            if day == today:
                style += " underline"
            if day == chosen:
                style = "reverse bold"
            text.append(f"{day.day:2d}", style=style.strip())
            if index < 6:
                text.append(" ")
        text.append("\n")
    return text


class DatePicker(Dialog[date | None]):
    DEFAULT_CSS = """
    DatePicker #dialog { width: 34; }
    DatePicker #calendar { width: 20; height: 8; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Jour précédent", show=False),
        Binding("right", "move(1)", "Jour suivant", show=False),
        Binding("up", "move(-7)", "Semaine précédente", show=False),
        Binding("down", "move(7)", "Semaine suivante", show=False),
        Binding("pageup", "month(-1)", "Mois précédent", id="date.month_back"),
        Binding("pagedown", "month(1)", "Mois suivant", id="date.month_next"),
        Binding("ctrl+pageup", "month(-12)", "Année précédente", id="date.year_back"),
        Binding("ctrl+pagedown", "month(12)", "Année suivante", id="date.year_next"),
        Binding("enter", "choose", "Choisir", id="date.choose"),
        Binding("escape", "close", "Fermer", id="date.close"),
    ]

    def __init__(
        self, title: str, start: date | None, today: date,
        low: date | None = None, high: date | None = None,
    ) -> None:  # fmt: skip
        super().__init__()
        self.title_text = title
        self.today = today
        self.low, self.high = low, high
        self.chosen = self._within(start or today)

    def _within(self, day: date) -> date:
        if self.low and day < self.low:
            return self.low
        if self.high and day > self.high:
            return self.high
        return day

    def compose_dialog(self) -> ComposeResult:
        yield Static(self.title_text, classes="dialog-title", markup=False)
        yield Static(id="calendar", markup=False)
        yield Static("", id="year-typed", markup=False)
        yield Static("← → ↑ ↓ jour · PgPréc/PgSuiv mois\nCtrl+PgPréc/PgSuiv année\n"
                     "1970… : aller à l'année tapée\nEntrée choisir · Échap fermer",
                     classes="hint", markup=False)  # fmt: skip

    def on_mount(self) -> None:
        self._year_typed = ""
        self._show()

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        self._year_typed += event.character
        if len(self._year_typed) == 4:
            year, self._year_typed = int(self._year_typed), ""
            if 1 <= year <= 9999:
                self.action_month((year - self.chosen.year) * 12)
        self.query_one("#year-typed", Static).update(
            f"Année : {self._year_typed.ljust(4, '_')}" if self._year_typed else ""
        )

    def _show(self) -> None:
        grid = month_grid(self.chosen, self.chosen, self.today, self.low, self.high)
        self.query_one("#calendar", Static).update(grid)

    def action_move(self, days: int) -> None:
        self.chosen = self._within(self.chosen + timedelta(days=days))
        self._show()

    def action_month(self, months: int) -> None:
        try:
            self.chosen = self._within(add_months(self.chosen, months))
        except ValueError:  # beyond year 1 or 9999
            return
        self._show()

    def action_choose(self) -> None:
        self.dismiss(self.chosen)

    def action_close(self) -> None:
        self.dismiss(None)
