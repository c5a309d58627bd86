"""A keyboard-first file browser: folders and accepted files only (with their size), from the
last folder used. Entrée opens a folder or picks a file; Retour arrière goes up; a path can
be typed (or pasted) in the field above the tree; Échap cancels."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DirectoryTree, Input, Static
from textual.widgets.directory_tree import DirEntry
from textual.widgets.tree import TreeNode

from ep_contract.domain.attachments import ACCEPTED_EXTENSIONS, ACCEPTED_HINT, extension_of
from ep_tui.screens.dialog import Dialog
from ep_tui.textual_compat.ordered_keys import TextInput
from ep_tui.widgets.attachments import human_size


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

    def render_label(self, node: TreeNode[DirEntry], base_style: Style, style: Style) -> Text:
        """A file's size after its name: « 5 Mo » at most is accepted, and it is what tells
        two scans of the same paper apart."""
        label = super().render_label(node, base_style, style)
        entry: DirEntry | None = node.data
        if entry is not None and not node.allow_expand:
            try:
                size = entry.path.stat().st_size
            except OSError:
                return label
            label.append(f"  {human_size(size)}", style="dim")
        return label


class FilePicker(Dialog[Path | None]):
    DEFAULT_CSS = """
    FilePicker #dialog { width: 90; height: 80%; }
    FilePicker #picker-title { text-style: bold; color: $primary; }
    FilePicker #picker-hint { color: $text-muted; }
    FilePicker #picker-path { margin: 1 0; }
    FilePicker #picker-error { color: $error; }
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

    def compose_dialog(self) -> ComposeResult:
        yield Static("Ajouter une pièce jointe", id="picker-title", markup=False)
        yield Static(ACCEPTED_HINT + " Un seul PDF est préférable.", id="picker-hint", markup=False)
        yield TextInput(str(self.start), id="picker-path", compact=True,
                        tooltip="Chemin d'un fichier ou d'un dossier, puis Entrée")  # fmt: skip
        yield Static("", id="picker-error", markup=False)
        yield AcceptedFilesTree(self.start, id="picker-tree")

    def on_mount(self) -> None:
        self.query_one(AcceptedFilesTree).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Retour arrière goes up a folder from the tree; in the path, it deletes a character.
        return not (action == "up" and isinstance(self.focused, Input))

    @on(DirectoryTree.FileSelected)
    def _picked(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(event.path)

    @on(DirectoryTree.DirectorySelected)
    def _opened(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#picker-path", Input).value = str(event.path)

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        error = self.query_one("#picker-error", Static)
        if path.is_file():
            if extension_of(path.name) not in ACCEPTED_EXTENSIONS:
                error.update(f"Type de fichier non accepté. {ACCEPTED_HINT}")
                return
            self.dismiss(path)
        elif path.is_dir():
            error.update("")
            self.query_one(AcceptedFilesTree).path = path
            self.query_one(AcceptedFilesTree).focus()
        else:
            error.update("Aucun fichier ni dossier à cet endroit.")

    def action_up(self) -> None:
        tree = self.query_one(AcceptedFilesTree)
        parent = Path(tree.path).parent
        tree.path = parent
        self.query_one("#picker-path", Input).value = str(parent)

    def action_cancel(self) -> None:
        self.dismiss(None)
