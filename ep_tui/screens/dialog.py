"""What every dialog shares: a box in the middle of the screen, its styles written once, and
its own key bar — the keys of what has the focus in the dialog, not those of the screen below
it (a dialog over a form showed « ^s VALIDER »)."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen

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

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield from self.compose_dialog()
        yield KeyFooter()

    def compose_dialog(self) -> ComposeResult:
        """The dialog's content, inside its box."""
        yield from ()
