"""A date typed « jj/mm/aaaa » (the slashes come by themselves) or picked in a calendar
(F9 or Alt+↓)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual.binding import Binding
from textual.message import Message

from ep_tui.domain import fields as rules
from ep_tui.widgets.formatted_input import FormattedInput


class DateInput(FormattedInput):
    @dataclass
    class Picked(Message):
        """A date was chosen in the calendar (typed dates come as ``Input.Changed``)."""

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
        from ep_tui.screens.date_picker import DatePicker

        def picked(day: date | None) -> None:
            if day is not None:
                self.value = f"{day:%d/%m/%Y}"
                self.cursor_position = len(self.value)
                self.post_message(self.Picked(self))
            self.focus()

        services = getattr(self.app, "services", None)
        today = services.today() if services is not None else date.today()
        picker = DatePicker(self.title, self.date, today, self.low, self.high)
        self.app.push_screen(picker, callback=picked)
