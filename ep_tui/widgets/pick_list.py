"""A list to pick from with the keyboard: its first choice is highlighted as soon as it gets the
focus (Textual's OptionList waits for ↓), so that Entrée acts on what is shown."""

from __future__ import annotations

from textual.widgets import OptionList


class PickList(OptionList):
    def on_focus(self) -> None:
        if self.highlighted is not None:
            return
        first = next(
            (index for index, option in enumerate(self.options) if not option.disabled), None
        )
        if first is not None:
            self.highlighted = first
