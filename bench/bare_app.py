"""The yardstick for the bytes written to the terminal (bench/bytes_bench.py): a bare Textual
app doing what the technician does in ep-tui — a list of seven lines to move through, a
field to type in, a second screen to open and close — with Textual's default widgets and
styles, nothing of ours."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static

TEXT = "\n".join(f"Ligne {n} d'un écran de texte ordinaire." for n in range(1, 21))


class Other(Screen[None]):
    BINDINGS = [Binding("escape", "app.pop_screen", "Retour")]

    def compose(self) -> ComposeResult:
        yield Static(TEXT)
        yield Footer()


class Bare(App[None]):
    BINDINGS = [Binding("f3", "other", "Autre écran")]

    def compose(self) -> ComposeResult:
        yield Static("Bare ready")
        yield OptionList(*[f"Organisme {n}" for n in range(1, 8)], id="list")
        # No blinking caret, as in the ep-tui runs it is compared with (EP_TUI_CURSOR_BLINK).
        field = Input(placeholder="Nom", id="field")
        field.cursor_blink = False
        yield field
        yield Footer()

    def action_other(self) -> None:
        self.push_screen(Other())


if __name__ == "__main__":
    Bare().run()
