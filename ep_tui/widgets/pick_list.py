"""A list to pick from with the keyboard: its first choice is highlighted as soon as it gets the
focus (Textual's OptionList waits for ↓), so that Entrée acts on what is shown; and drawn
without laying its screen out a second time."""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import OptionList

from ep_tui.textual_compat.layout import virtual_size_asks_no_layout


class PickList(OptionList):
    def on_focus(self) -> None:
        if self.highlighted is not None:
            return
        first = next(
            (index for index, option in enumerate(self.options) if not option.disabled), None
        )
        if first is not None:
            self.highlighted = first

    def render_lines(self, crop: Region) -> list[Strip]:
        # OptionList counts its lines when it first draws them, and the virtual size it then
        # sets asks for a layout: the whole form's, once more, for its attachment list. Its
        # height is its options' (get_content_height), a scroll view ignores the layout's
        # virtual size, and its scrollbars ask their own layout when they appear or go.
        with virtual_size_asks_no_layout():
            return super().render_lines(crop)
