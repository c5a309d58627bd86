"""What the terminal shows: the cells of the current screen, after Textual's line filters (the
monochrome of ``NO_COLOR`` among them) — for the usability checks, which look at the screen as a
person does: is the focus visible, is any text drawn in its own background, is it French.

Textual renders a screen to a ``LayoutUpdate`` of strips; ``App.export_screenshot`` reads it
the same way (``Screen._compositor.render_update``). That is the one private corner these
checks touch."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.app import App
from textual.color import Color
from textual.geometry import Region
from textual.widget import Widget

DEFAULT_FOREGROUND = (255, 255, 255)
DEFAULT_BACKGROUND = (0, 0, 0)
"""What a dark terminal draws for « default » colours (NO_COLOR with an ANSI theme)."""


@dataclass(frozen=True)
class Cell:
    char: str
    style: Style

    @property
    def foreground(self) -> tuple[int, int, int]:
        return _rgb(self.style.bgcolor if self.style.reverse else self.style.color, True)

    @property
    def background(self) -> tuple[int, int, int]:
        return _rgb(self.style.color if self.style.reverse else self.style.bgcolor, False)

    @property
    def look(self) -> tuple[object, ...]:
        """Everything that makes two cells look different on a terminal."""
        style = self.style
        return (self.char, self.foreground, self.background, bool(style.bold),
                bool(style.dim), bool(style.italic), bool(style.underline),
                bool(style.strike))  # fmt: skip


def _rgb(color: RichColor | None, foreground: bool) -> tuple[int, int, int]:
    if color is None or color.is_default:
        return DEFAULT_FOREGROUND if foreground else DEFAULT_BACKGROUND
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


Screen = list[list[Cell]]


def screen_cells(app: App) -> Screen:
    """Every cell of the screen as it is drawn now, dialogs over the screens below included."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    rows: Screen = []
    for line in update.strips:  # type: ignore[attr-defined]
        row: list[Cell] = []
        for strip in line:
            for segment in strip:
                text, style, control = segment
                if control:
                    continue
                for char in Segment(text, style).text:
                    row.append(Cell(char, style or Style()))
        rows.append(row)
    return rows


def text_lines(cells: Screen) -> list[str]:
    return ["".join(cell.char for cell in row) for row in cells]


def screen_text(app: App) -> str:
    return "\n".join(line.rstrip() for line in text_lines(screen_cells(app)))


def region_cells(cells: Screen, region: Region) -> Screen:
    return [row[region.x : region.right] for row in cells[region.y : region.bottom]]


def widget_cells(app: App, widget: Widget, cells: Screen | None = None) -> Screen:
    """The cells a widget covers on screen (its border and padding included)."""
    return region_cells(cells if cells is not None else screen_cells(app), widget.region)


def looks(cells: Screen) -> list[list[tuple[object, ...]]]:
    return [[cell.look for cell in row] for row in cells]


def invisible_text(cells: Screen) -> Iterator[tuple[int, int, str]]:
    """Letters and digits drawn in the colour of their own background: (x, y, character)."""
    for y, row in enumerate(cells):
        for x, cell in enumerate(row):
            if cell.char.isalnum() and cell.foreground == cell.background:
                yield x, y, cell.char


def luminance(rgb: tuple[int, int, int]) -> float:
    return Color(*rgb).brightness
