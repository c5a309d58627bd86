"""Save the COPIL's figures: the tables as CSV for a French spreadsheet, or the printable
report (plain text: it opens and prints on any machine, without a browser), with a progress
bar while it is built. Saved with a safe name, readable by its owner only, in the downloads
folder."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, ProgressBar, Static

from ep_contract.wire import Statistics
from ep_tui import copil
from ep_tui.downloads import save_new_file, shown_path
from ep_tui.screens.base import SafetyNet
from ep_tui.screens.dialog import Dialog
from ep_tui.services import Services

TITLES = {"csv": "Exporter les tableaux (CSV)", "txt": "Rapport du COPIL (texte imprimable)"}
HINTS = {
    "csv": "Format tableur français : UTF-8, « ; » entre les colonnes, virgule décimale.",
    "txt": "Texte UTF-8 : s'ouvre et s'imprime partout, sans navigateur.",
}


def build(figures: Statistics, kind: str) -> bytes:
    """The file's content (a BOM before the CSV, so that a spreadsheet reads the accents)."""
    if kind == "csv":
        return ("\ufeff" + copil.to_csv(figures)).encode()
    return copil.report(figures).encode()


class CopilExportDialog(SafetyNet, Dialog[None]):
    DEFAULT_CSS = """
    CopilExportDialog #dialog { width: 72; }
    CopilExportDialog ProgressBar { margin-top: 1; }
    CopilExportDialog #export-result { margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "close", "Fermer", id="copil-export.close")]

    def __init__(self, services: Services, figures: Statistics, kind: str) -> None:
        super().__init__()
        self.services = services
        self.figures = figures
        self.kind = kind

    def compose_dialog(self) -> ComposeResult:
        folder = self.services.settings.downloads_path
        yield Static(TITLES[self.kind], classes="dialog-title", markup=False)
        yield Static(f"{copil.scope_line(self.figures)}, vers {shown_path(folder)}.",
                     markup=False)  # fmt: skip
        yield Static(HINTS[self.kind], classes="hint", markup=False)
        yield ProgressBar(total=2, show_eta=False, id="export-progress")
        yield Static("", id="export-result", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Enregistrer", id="export", variant="primary", compact=True)
            yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export", Button).focus()

    @on(Button.Pressed, "#export")
    def _start(self) -> None:
        self.query_one("#export", Button).disabled = True
        self.run_export()

    @work(exclusive=True, group="copil-export", exit_on_error=False)
    async def run_export(self) -> None:
        bar = self.query_one(ProgressBar)
        result = self.query_one("#export-result", Static)
        content = await asyncio.to_thread(build, self.figures, self.kind)
        bar.advance(1)
        name = copil.report_name(self.figures, self.kind)
        folder = self.services.settings.downloads_path
        try:
            path = await asyncio.to_thread(save_new_file, folder, name, content)
        except OSError as error:
            result.update(f"Impossible d'écrire le fichier : {error.strerror}.")
            self.query_one("#export", Button).disabled = False
            return
        bar.advance(1)
        result.update(f"Enregistré dans {shown_path(path)}")
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.workers.cancel_group(self, "copil-export")
        self.dismiss(None)
