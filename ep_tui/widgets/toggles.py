"""Choices whose state reads from the characters, not only from a colour: a checkbox is
``[x]`` or ``[ ]``, a radio button ``(•)`` or ``( )``, a switch says « Oui » or « Non ».

Textual draws the same glyph checked or not (``▐X▌``, ``▐●▌``) and tells them apart by colour
alone: with NO_COLOR, on a monochrome terminal or to a colour-blind eye, every box looked
ticked."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widgets import Checkbox, OptionList, RadioButton, Switch
from textual.widgets.option_list import Option

from ep_tui.textual_compat.toggle_label import LiteralLabel

TICKED, UNTICKED = "[x]", "[ ]"


class _ReadableToggle(LiteralLabel):
    """Mixin for a ToggleButton: its state drawn in the label's own colours, as characters
    (Textual draws its pill's sides in the colour of the pill, so brackets would vanish). Its
    label comes from the catalogue the server serves: as written, never markup."""

    MARKS: tuple[str, str]
    """Unchecked, checked: three cells each, like Textual's own glyph."""

    def render(self) -> Content:
        label_style = self.get_visual_style("toggle--label")  # type: ignore[attr-defined]
        checked = bool(self.value)  # type: ignore[attr-defined]
        mark = Content(self.MARKS[checked]).stylize_before(label_style)
        if checked:
            mark = mark.stylize_before("bold")
        label = self.label.pad(1, 1).stylize_before(label_style)  # type: ignore[attr-defined]
        return Content.assemble(mark, label)


class TickBox(_ReadableToggle, Checkbox):
    """A checkbox drawn ``[x]`` / ``[ ]``."""

    MARKS = ("[ ]", "[x]")


class ChoiceButton(_ReadableToggle, RadioButton):
    """A radio button drawn ``(•)`` / ``( )``."""

    MARKS = ("( )", "(•)")


class TickList(OptionList):
    """Choices to tick (« Documents », the MAS blocks), each drawn ``[x]`` / ``[ ]`` before
    its label, which wraps under itself rather than being cut. Space or Entrée ticks the
    highlighted choice; the first is highlighted when the list gets the focus.

    Textual's SelectionList cuts long labels (« Acte chez un spécialiste, analyses ou
    examens… ») and draws the same box ticked or not."""

    DEFAULT_CSS = """
    TickList { height: auto; }
    """
    BINDINGS = [Binding("space", "select", "Cocher", show=False)]

    @dataclass
    class Changed(Message):
        tick_list: TickList

        @property
        def control(self) -> TickList:
            return self.tick_list

    def __init__(self, choices: list[str], selected: list[str] | None = None, *,
                 id: str | None = None) -> None:  # noqa: A002  # fmt: skip
        self.choices = list(choices)
        self._ticked = set(selected or [])
        super().__init__(*(self._option(choice) for choice in self.choices), id=id,
                         compact=True)  # fmt: skip

    def _option(self, choice: str) -> Option:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=3, no_wrap=True)
        grid.add_column(ratio=1)
        ticked = choice in self._ticked
        grid.add_row(Text(TICKED if ticked else UNTICKED),
                     Text(choice, style="bold" if ticked else ""))  # fmt: skip
        return Option(grid)

    @property
    def selected(self) -> list[str]:
        """The ticked choices, in the list's order."""
        return [choice for choice in self.choices if choice in self._ticked]

    def select(self, choice: str) -> None:
        self._set(choice, True)

    def deselect(self, choice: str) -> None:
        self._set(choice, False)

    def deselect_all(self) -> None:
        for choice in self.selected:
            self._set(choice, False)

    def toggle(self, choice: str) -> None:
        self._set(choice, choice not in self._ticked)

    def _set(self, choice: str, ticked: bool) -> None:
        if (choice in self._ticked) == ticked:
            return
        if ticked:
            self._ticked.add(choice)
        else:
            self._ticked.discard(choice)
        index = self.choices.index(choice)
        self.replace_option_prompt_at_index(index, self._option(choice).prompt)
        self.post_message(self.Changed(self))

    def on_focus(self) -> None:
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    @on(OptionList.OptionSelected)
    def _ticked_by_key(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(self.choices[event.option_index])


class YesNoSwitch(Switch):
    """A switch on one line, whose state reads in words: ``▐■   ▌ Non`` / ``▐   ■▌ Oui``."""

    DEFAULT_CSS = """
    YesNoSwitch {
        border: none;
        padding: 0;
        height: 1;
        width: auto;
        background: transparent;
        &:focus { border: none; background-tint: transparent; }
        & > .switch--slider { color: $foreground 60%; background: $panel; }
        &.-on > .switch--slider { color: $success; background: $panel; }
    }
    """

    def render(self) -> Content:
        style = self.get_visual_style("switch--slider")
        if self.value:
            return Content.assemble(("▐   ■▌", style), " Oui")
        return Content.assemble(("▐■   ▌", style), " Non")

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return 10

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1
