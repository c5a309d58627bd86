"""An input that formats its value as it is typed (NOM in capitals, the phone grouped, the
date slashed) before the value is drawn."""

from __future__ import annotations

from collections.abc import Callable

from ep_tui.textual_compat.ordered_keys import TextInput


class FormattedInput(TextInput):
    """Every value it is given — a key, a paste, a draft, the calendar — passes through
    ``formatter`` before it is stored (Textual's ``validate_value`` hook). Formatting on
    ``Input.Changed`` instead, as a handler, drew the raw value first and the formatted one a
    frame later: « p » then « P », two frames for one key.

    The formatters work from the left (the phone is grouped from its first digit, the date
    slashed after the day and the month), so the caret goes after the formatted form of what
    was before it: typing in the middle of a phone number keeps the caret there."""

    def __init__(self, value: str = "", *, formatter: Callable[[str], str],
                 **kwargs: object) -> None:  # fmt: skip
        self.formatter = formatter  # before Input sets the first value
        self._refused = False
        super().__init__(formatter(value), **kwargs)  # type: ignore[arg-type]

    def validate_value(self, value: str) -> str:
        return self.formatter(value)

    def replace(self, text: str, start: int, end: int) -> None:
        before = self.value
        start, end = sorted((max(0, start), min(len(before), end)))
        raw = f"{before[:start]}{text}{before[end:]}"
        self._refused = False
        super().replace(text, start, end)
        if not self._refused and self.value != raw:
            # Input put the caret at ``start + len(text)`` of the raw value.
            self.cursor_position = len(self.formatter(raw[: start + len(text)]))

    def restricted(self) -> None:
        self._refused = True  # too long: nothing changed, the caret stays
        super().restricted()
