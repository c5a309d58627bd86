"""The session expired (401): sign in again over the current screen, and go on exactly where
one was — nothing typed on the screen below is touched."""

from __future__ import annotations

from typing import cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static

from ep_tui.api_client import errors
from ep_tui.screens.base import SafetyNet, UnlocksDrafts
from ep_tui.screens.dialog import Dialog
from ep_tui.services import Services
from ep_tui.textual_compat.ordered_keys import TextInput


class ReauthDialog(SafetyNet, Dialog[bool]):
    """Answers True once signed in again, False if the technician signs out instead."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Se reconnecter", id="reauth.submit", priority=True,
                tooltip="Se reconnecter avec le mot de passe saisi"),
    ]  # fmt: skip

    DEFAULT_CSS = """
    ReauthDialog #reauth-error { color: $error; height: auto; }
    """

    def __init__(self, services: Services, username: str) -> None:
        super().__init__()
        self.services = services
        self.username = username

    def compose_dialog(self) -> ComposeResult:
        yield Static("Session expirée", classes="dialog-title", markup=False)
        yield Static(
            "Votre session a expiré. Saisissez à nouveau votre mot de passe pour "
            "continuer là où vous en étiez : rien de ce que vous avez saisi n'est perdu.",
            markup=False,
        )
        yield Static(Text.assemble("Identifiant : ", (self.username, "bold")), markup=False)
        yield TextInput(
            id="reauth-password", password=True, placeholder="Mot de passe", compact=True
        )
        yield Static("", id="reauth-error", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Se reconnecter", id="reauth-submit", variant="primary", compact=True)
            yield Button("Se déconnecter", id="reauth-sign-out", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reauth-password", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#reauth-submit")
    def action_submit(self) -> None:
        password = self.query_one("#reauth-password", Input).value
        if not password:
            self.query_one("#reauth-error", Static).update("Saisissez votre mot de passe.")
            return
        self._sign_in(password)

    @on(Button.Pressed, "#reauth-sign-out")
    def _sign_out(self) -> None:
        self.dismiss(False)

    @work(exclusive=True, group="reauth", exit_on_error=False)
    async def _sign_in(self, password: str) -> None:
        message = self.query_one("#reauth-error", Static)
        message.update("Connexion en cours…")
        try:
            await self.services.client.sign_in(self.username, password)
        except errors.BadCredentials:
            message.update("Mot de passe incorrect.")
            self.query_one("#reauth-password", Input).value = ""
            return
        except errors.ApiError as error:
            message.update(error.message)
            return
        await cast("UnlocksDrafts", self.app).unlock_drafts(self.username, password)
        self.dismiss(True)
