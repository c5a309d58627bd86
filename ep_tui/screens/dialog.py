"""What every dialog shares: a box in the middle of the screen, its styles written once, its
own key bar — the keys of what has the focus in the dialog, not those of the screen below it
(a dialog over a form showed « ^s VALIDER ») — and ← → between the buttons of a row, as in
every dialog a technician knows (Tab and Shift+Tab still go through everything)."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button

from ep_tui.textual_compat.footer import KeyFooter

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A dialog: subclasses compose their content in :meth:`compose_dialog` (``#dialog`` is
    the box; ``.dialog-title``, ``.buttons`` and ``.hint`` are styled here)."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > #dialog {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    Dialog .dialog-title { text-style: bold; color: $primary; margin-bottom: 1; }
    Dialog .buttons { height: auto; margin-top: 1; }
    Dialog .buttons Button { min-width: 0; width: auto; margin-right: 2; }
    Dialog .hint { color: $text-muted; }
    Dialog .error { color: $error; text-style: bold; }
    """

    BINDINGS = [
        Binding("left", "next_button(-1)", "Bouton précédent", id="dialog.previous_button",
                show=False),
        Binding("right", "next_button(1)", "Bouton suivant", id="dialog.next_button",
                show=False),
    ]  # fmt: skip

    def action_next_button(self, step: int) -> None:
        """The neighbour of the focused button in its row; nothing past either end. A field
        or a list that has the focus keeps its own ← →: its bindings come first."""
        focused = self.focused
        if not isinstance(focused, Button) or focused.parent is None:
            return
        row = [button for button in focused.parent.query_children(Button) if button.focusable]
        index = row.index(focused) + step
        if 0 <= index < len(row):
            row[index].focus()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield from self.compose_dialog()
        yield KeyFooter()

    def compose_dialog(self) -> ComposeResult:
        """The dialog's content, inside its box."""
        yield from ()
