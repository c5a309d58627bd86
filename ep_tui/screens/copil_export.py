"""Save the COPIL's figures: the tables as CSV for a French spreadsheet, or the printable
report (plain text: it opens and prints on any machine, without a browser), with a progress
bar while it is built. Saved with a safe name, readable by its owner only, in the downloads
folder."""

from __future__ import annotations

import asyncio

from textual.widgets import ProgressBar

from ep_contract.wire import Statistics
from ep_tui import copil
from ep_tui.downloads import save_new_file, shown_path
from ep_tui.screens.export import SaveDialog
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


class CopilExportDialog(SaveDialog):
    VERB = "Enregistrer"

    def __init__(self, services: Services, figures: Statistics, kind: str) -> None:
        folder = shown_path(services.settings.downloads_path)
        super().__init__(services, TITLES[kind], f"{copil.scope_line(figures)}, vers {folder}.",
                         HINTS[kind], steps=2)  # fmt: skip
        self.figures = figures
        self.kind = kind

    async def write(self) -> None:
        bar = self.query_one(ProgressBar)
        content = await asyncio.to_thread(build, self.figures, self.kind)
        bar.advance(1)
        name = copil.report_name(self.figures, self.kind)
        folder = self.services.settings.downloads_path
        try:
            path = await asyncio.to_thread(save_new_file, folder, name, content)
        except OSError as error:
            self.failed(f"Impossible d'écrire le fichier : {error.strerror}.")
            return
        bar.advance(1)
        self.done(f"Enregistré dans {shown_path(path)}")
