"""Export the history's current filtered, sorted view to CSV, with a progress bar (a large
structure has thousands of requests: one page of 100 after the other)."""

from __future__ import annotations

import re

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, ProgressBar, Static

from ep_contract.domain.dates import paris
from ep_contract.queries import HistoryQuery
from ep_contract.wire import Organisme
from ep_tui.api_client import errors
from ep_tui.downloads import shown_path
from ep_tui.screens.base import SafetyNet
from ep_tui.screens.dialog import Dialog
from ep_tui.services import Services


def export_name(organisme_name: str, stamp: str) -> str:
    """« historique-CPAM-GIRONDE-2026-11-22-10h00.csv »: the organisme by the name the
    technician knows it by (its code means nothing to them), without spaces or apostrophes."""
    words = re.findall(r"[^\W_]+", organisme_name)
    return f"historique-{'-'.join(words) or 'organisme'}-{stamp}.csv"


class ExportDialog(SafetyNet, Dialog[None]):
    DEFAULT_CSS = """
    ExportDialog #dialog { width: 72; }
    ExportDialog ProgressBar { margin-top: 1; }
    ExportDialog #export-result { margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "close", "Fermer", id="export.close")]

    def __init__(
        self, services: Services, organisme: Organisme, query: HistoryQuery, total: int
    ) -> None:
        super().__init__()
        self.services = services
        self.organisme = organisme
        self.query_state = query
        self.total = total

    def compose_dialog(self) -> ComposeResult:
        folder = self.services.settings.downloads_path
        noun = "demande" if self.total == 1 else "demandes"
        yield Static("Exporter l'historique (CSV)", classes="dialog-title", markup=False)
        yield Static(f"{self.total} {noun}, avec les filtres et le tri affichés, vers "
                     f"{shown_path(folder)}.", markup=False)  # fmt: skip
        yield Static("Format tableur français : UTF-8, « ; » entre les colonnes.",
                     classes="hint", markup=False)  # fmt: skip
        yield ProgressBar(total=max(1, self.total), show_eta=False, id="export-progress")
        yield Static("", id="export-result", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Exporter", id="export", variant="primary", compact=True)
            yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export", Button).focus()

    @on(Button.Pressed, "#export")
    def _start(self) -> None:
        self.query_one("#export", Button).disabled = True
        self.run_export()

    @work(exclusive=True, group="export", exit_on_error=False)
    async def run_export(self) -> None:
        from ep_tui.export import export_history

        bar = self.query_one(ProgressBar)
        result = self.query_one("#export-result", Static)

        def progress(done: int, total: int) -> None:
            bar.update(total=max(1, total), progress=done)

        stamp = f"{paris(self.services.now()):%Y-%m-%d-%Hh%M}"
        try:
            path, count = await export_history(
                self.services.client, self.organisme.code, self.query_state,
                self.services.settings.downloads_path,
                export_name(self.organisme.name, stamp), progress,
            )  # fmt: skip
        except errors.ApiError as error:
            result.update(f"Export interrompu : {error.message} Aucun fichier partiel n'est gardé.")
            self.query_one("#export", Button).disabled = False
            return
        except OSError as error:
            result.update(f"Impossible d'écrire le fichier : {error.strerror}.")
            self.query_one("#export", Button).disabled = False
            return
        noun = "demande exportée" if count <= 1 else "demandes exportées"
        result.update(f"{count} {noun} dans {shown_path(path)}")
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        # Closing during an export stops it (the partial file is removed).
        self.workers.cancel_group(self, "export")
        self.dismiss(None)
