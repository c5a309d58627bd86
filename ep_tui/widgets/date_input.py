"""A date typed « jj/mm/aaaa » (the slashes come by themselves) or picked in a calendar
(F9 or Alt+↓)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import date

from textual.binding import Binding
from textual.message import Message

from ep_contract.domain import fields as rules
from ep_tui.widgets.formatted_input import FormattedInput


class DateInput(FormattedInput):
    @dataclass
    class Picked(Message):
        """A date was chosen in the calendar (typed dates come as ``Input.Changed``)."""

        date_input: DateInput

        @property
        def control(self) -> DateInput:
            return self.date_input

    @dataclass
    class CalendarWanted(Message):
        """F9 or Alt+↓: the app opens the calendar (a widget pushes no screen) and answers
        with ``pick``."""

        date_input: DateInput

        @property
        def control(self) -> DateInput:
            return self.date_input

    BINDINGS = [
        Binding("f9,alt+down", "calendar", "Calendrier", id="date.calendar",
                tooltip="Choisir la date dans un calendrier"),
    ]  # fmt: skip

    def __init__(
        self, value: str = "", *, title: str = "Choisir une date", placeholder: str = "",
        low: date | None = None, high: date | None = None, **kwargs: object,
    ) -> None:  # fmt: skip
        super().__init__(value, formatter=rules.format_date, max_length=10,
                         placeholder=placeholder or "jj/mm/aaaa", **kwargs)  # fmt: skip
        self.title = title
        self.low, self.high = low, high

    @property
    def date(self) -> date | None:
        return rules.parse_date(self.value)

    def action_calendar(self) -> None:
        self.post_message(self.CalendarWanted(self))

    def pick(self, day: datetime.date | None) -> None:
        """The calendar's answer (None: closed without choosing); the focus comes back."""
        if day is not None:
            self.value = f"{day:%d/%m/%Y}"
            self.cursor_position = len(self.value)
            self.post_message(self.Picked(self))
        self.focus()
