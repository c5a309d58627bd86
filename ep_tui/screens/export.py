"""Export the history's current filtered, sorted view to CSV, with a progress bar (a large
structure has thousands of requests: one page of 100 after the other)."""

from __future__ import annotations

import re

from textual import on
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


class SaveDialog(SafetyNet, Dialog[None]):
    """A file written to the downloads folder, with a progress bar: the title, what goes
    where, a hint, the bar, the result, the button that starts and « Fermer » (which stops
    what is under way). A subclass says the words and does the work in :meth:`write`, run
    as a worker of the group « export »."""

    DEFAULT_CSS = """
    SaveDialog #dialog { width: 72; }
    SaveDialog ProgressBar { margin-top: 1; }
    SaveDialog #export-result { margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "close", "Fermer", id="export.close")]
    VERB = "Exporter"

    def __init__(self, services: Services, title: str, what: str, hint: str, steps: int):
        super().__init__()
        self.services = services
        self._words = (title, what, hint)
        self._steps = steps

    def compose_dialog(self) -> ComposeResult:
        title, what, hint = self._words
        yield Static(title, classes="dialog-title", markup=False)
        yield Static(what, markup=False)
        yield Static(hint, classes="hint", markup=False)
        yield ProgressBar(total=max(1, self._steps), show_eta=False, id="export-progress")
        yield Static("", id="export-result", markup=False)
        with Horizontal(classes="buttons"):
            yield Button(self.VERB, id="export", variant="primary", compact=True)
            yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export", Button).focus()

    @on(Button.Pressed, "#export")
    def _start(self) -> None:
        self.query_one("#export", Button).disabled = True
        self.run_worker(self.write(), group="export", exclusive=True, exit_on_error=False)

    async def write(self) -> None:
        raise NotImplementedError

    def failed(self, message: str) -> None:
        """Said under the bar; the button starts again."""
        self.query_one("#export-result", Static).update(message)
        self.query_one("#export", Button).disabled = False

    def done(self, message: str) -> None:
        self.query_one("#export-result", Static).update(message)
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        # Closing during an export stops it (a partial file is removed).
        self.workers.cancel_group(self, "export")
        self.dismiss(None)


class ExportDialog(SaveDialog):
    def __init__(
        self, services: Services, organisme: Organisme, query: HistoryQuery, total: int
    ) -> None:
        folder = services.settings.downloads_path
        noun = "demande" if total == 1 else "demandes"
        super().__init__(
            services,
            "Exporter l'historique (CSV)",
            f"{total} {noun}, avec les filtres et le tri affichés, vers {shown_path(folder)}.",
            "Format tableur français : UTF-8, « ; » entre les colonnes.",
            total,
        )
        self.organisme = organisme
        self.query_state = query

    async def write(self) -> None:
        from ep_tui.export import export_history

        bar = self.query_one(ProgressBar)

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
            self.failed(f"Export interrompu : {error.message} Aucun fichier partiel n'est gardé.")
            return
        except OSError as error:
            self.failed(f"Impossible d'écrire le fichier : {error.strerror}.")
            return
        noun = "demande exportée" if count <= 1 else "demandes exportées"
        self.done(f"{count} {noun} dans {shown_path(path)}")
