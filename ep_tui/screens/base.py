"""What every screen shares: the safety net for its workers' failures.

``Worker.StateChanged`` does not bubble, so each screen catches its own workers' failures
here and turns them into one clear message — never a traceback, never a lost form.
"""

from __future__ import annotations

from typing import Protocol

from textual.app import App
from textual.widgets import Input, TextArea
from textual.worker import Worker, WorkerState

from ep_tui.api_client import errors
from ep_tui.services import Services
from ep_tui.textual_compat.layout import LayoutNotRepeated
from ep_tui.textual_compat.repaint import RepaintsWhatChanged
from ep_tui.textual_compat.rows import RendersChangedRows
from ep_tui.textual_compat.styling import StyledOnFirstResume


class UnlocksDrafts(Protocol):
    """What a sign-in screen asks of the app (ep_tui.app.EPApp), without importing it."""

    async def unlock_drafts(self, username: str, password: str) -> None: ...


def report_error(app: App, error: BaseException | None) -> None:
    if error is None or isinstance(error, errors.AuthError):
        return  # the technician chose to sign out from the expiry dialog
    if isinstance(error, errors.ApiError):
        app.notify(error.message, title="Erreur", severity="error")
    else:
        app.notify(
            f"Erreur inattendue ({type(error).__name__}). Ce que vous avez saisi est conservé.",
            title="Erreur",
            severity="error",
        )


class SafetyNet(RepaintsWhatChanged, RendersChangedRows, LayoutNotRepeated, StyledOnFirstResume):
    """Mixin for screens: report the failures of their workers, apply the cursor-blink
    setting to their inputs (Textual runs every ``on_mount`` along the class's MRO), skip
    the styling and the layouts Textual repeats when a new screen is shown
    (textual_compat/styling.py, textual_compat/layout.py), and render only what a frame
    draws (textual_compat/repaint.py, textual_compat/rows.py)."""

    app: App
    services: Services

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            report_error(self.app, event.worker.error)

    def on_mount(self) -> None:
        if not self.services.settings.cursor_blink:
            for field in self.query(Input):  # type: ignore[attr-defined]
                field.cursor_blink = False
            for area in self.query(TextArea):  # type: ignore[attr-defined]
                area.cursor_blink = False
