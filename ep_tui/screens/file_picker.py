"""A keyboard-first file browser: folders and accepted files only, from the last folder used.
Enter opens a folder or picks a file; Backspace goes up; Escape cancels."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Static

from ep_tui.domain.attachments import ACCEPTED_EXTENSIONS, ACCEPTED_HINT, extension_of
from ep_tui.widgets.footer import KeyFooter


class AcceptedFilesTree(DirectoryTree):
    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        for path in paths:
            if path.name.startswith("."):
                continue
            try:
                if path.is_dir() or extension_of(path.name) in ACCEPTED_EXTENSIONS:
                    yield path
            except OSError:
                continue


class FilePicker(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    FilePicker { align: center middle; }
    FilePicker > Vertical {
        width: 90; max-width: 100%; height: 80%; border: round $primary;
        background: $surface; padding: 0 1;
    }
    FilePicker #picker-title { text-style: bold; color: $primary; }
    FilePicker #picker-hint { color: $text-muted; }
    FilePicker AcceptedFilesTree { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Annuler", id="picker.cancel", tooltip="Ne rien ajouter"),
        Binding("backspace", "up", "Dossier parent", id="picker.up",
                tooltip="Remonter d'un dossier"),
    ]  # fmt: skip

    def __init__(self, start: Path) -> None:
        super().__init__()
        self.start = start if start.is_dir() else Path.home()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Ajouter une pièce jointe", id="picker-title")
            yield Static(ACCEPTED_HINT + " Un seul PDF est préférable.", id="picker-hint")
            yield Static(str(self.start), id="picker-path")
            yield AcceptedFilesTree(self.start, id="picker-tree")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(AcceptedFilesTree).focus()

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

    def action_up(self) -> None:
        tree = self.query_one(AcceptedFilesTree)
        parent = Path(tree.path).parent
        tree.path = parent
        self.query_one("#picker-path", Static).update(str(parent))

    def action_cancel(self) -> None:
        self.dismiss(None)
