"""« Annuler la demande » (manual §VI: the four motifs and « Je confirme l'annulation »), and
closing a follow-up exchange."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, RadioSet, Static, Switch

from ep_contract.domain.statuses import CANCEL_REASONS
from ep_contract.wire import RequestDetail
from ep_tui.api_client import errors
from ep_tui.api_client.idempotency import new_idempotency_key
from ep_tui.screens.base import SafetyNet
from ep_tui.screens.dialog import Dialog
from ep_tui.services import Services
from ep_tui.widgets.toggles import ChoiceButton, YesNoSwitch


class CancelDialog(SafetyNet, Dialog[bool]):
    """Answers True once the server has cancelled the request."""

    DEFAULT_CSS = """
    CancelDialog #dialog { width: 72; }
    CancelDialog RadioSet { width: 100%; border: none; padding: 0; }
    CancelDialog .confirm-row { height: auto; margin-top: 1; }
    CancelDialog .confirm-row Static { width: auto; padding: 0 1 0 0; }
    CancelDialog #cancel-error { color: $error; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape", "close", "Fermer", id="cancel.close", tooltip="Ne pas annuler"),
        Binding("ctrl+s", "submit", "VALIDER", id="cancel.submit", priority=True),
    ]

    def __init__(self, services: Services, detail: RequestDetail) -> None:
        super().__init__()
        self.services = services
        self.detail = detail
        # One key for the dialog's life: VALIDER again after a lost answer cancels once.
        self.idempotency_key = new_idempotency_key()

    def compose_dialog(self) -> ComposeResult:
        yield Static(f"Annulation de la demande n° {self.detail.number}.",
                     classes="dialog-title", markup=False)  # fmt: skip
        yield Static("Sélectionner le motif de l'annulation *", markup=False)
        with RadioSet(id="reason", compact=True):
            for reason in CANCEL_REASONS:
                yield ChoiceButton(reason, compact=True)
        with Horizontal(classes="confirm-row"):
            yield Static("Je confirme l'annulation *", markup=False)
            yield YesNoSwitch(False, id="confirm")
        yield Static("", id="cancel-error", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Fermer", id="close", compact=True)
            yield Button("VALIDER", id="submit", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()

    @on(RadioSet.Changed)
    @on(Switch.Changed)
    def _answered(self) -> None:
        # « Sélectionnez le motif… » stayed under a motif chosen since: said once, until the
        # next VALIDER.
        self.query_one("#cancel-error", Static).update("")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        pressed = self.query_one(RadioSet).pressed_button
        confirmed = self.query_one("#confirm", Switch).value
        error = self.query_one("#cancel-error", Static)
        if pressed is None:
            error.update("Sélectionnez le motif de l'annulation.")
            self.query_one(RadioSet).focus()
        elif not confirmed:
            error.update("Confirmez l'annulation avec « Je confirme l'annulation ».")
            self.query_one("#confirm", Switch).focus()
        else:
            error.update("")
            self._send(str(pressed.label))

    @work(exclusive=True, group="cancel", exit_on_error=False)
    async def _send(self, reason: str) -> None:
        from ep_contract.wire import Cancellation

        button = self.query_one("#submit", Button)
        button.disabled = True
        try:
            await self.services.client.cancel(
                self.detail.number,
                Cancellation(reason=reason, confirm=True),
                idempotency_key=self.idempotency_key,
            )
        except errors.ApiError as error:
            self.query_one("#cancel-error", Static).update(error.message)
            return
        finally:
            button.disabled = False
        self.dismiss(True)


class CloseExchangeDialog(Dialog[bool]):
    BINDINGS = [Binding("escape", "no", "Fermer", id="close_exchange.no")]

    def compose_dialog(self) -> ComposeResult:
        yield Static("Clôturer l'échange ?", classes="dialog-title", markup=False)
        yield Static(
            "Vous ne pourrez plus écrire à l'organisme au sujet de cette demande.", markup=False
        )
        with Horizontal(classes="buttons"):
            yield Button("Garder l'échange ouvert", id="no", variant="primary", compact=True)
            yield Button("Clôturer", id="yes", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)
