"""« Connexion »: identifiant, mot de passe, « Se souvenir de moi »."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Static

from ep_tui.api_client import errors
from ep_tui.screens.base import SafetyNet, UnlocksDrafts
from ep_tui.services import Services
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.textual_compat.ordered_keys import TextInput
from ep_tui.widgets.toggles import TickBox

if TYPE_CHECKING:
    from ep_contract.wire import Me, Organisme
    from ep_tui.credentials import KeyringStatus


class SignInScreen(SafetyNet, Screen[None]):
    """The first screen. Posts :class:`SignInScreen.SignedIn` when the server accepted."""

    @dataclass
    class SignedIn(Message):
        me: Me
        organismes: list[Organisme]

    class WarmedUp(Message):
        """The client and the keyring are built: start-up is over."""

    CSS_PATH = "sign_in.tcss"
    AUTO_FOCUS = "#username"
    BINDINGS = [
        Binding(
            "ctrl+s",
            "sign_in",
            "Se connecter",
            id="sign_in.submit",
            tooltip="Se connecter avec l'identifiant et le mot de passe saisis",
        ),
        # Entrée in a field is handled here, before the next key is read: moving the focus
        # from the field's own « submitted » message came one message late, and what was
        # typed right after Entrée (fast, or pasted) landed in « Identifiant ».
        Binding("enter", "next_field", show=False, priority=True),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        with Vertical(id="panel"):
            yield Static("Espace Partenaires", id="title", markup=False)
            yield Static("Connexion", id="subtitle", markup=False)
            with Horizontal(classes="row"):
                yield Label("Identifiant", classes="field-label", markup=False)
                yield TextInput(
                    id="username", max_length=100, placeholder="Votre identifiant", compact=True
                )
            with Horizontal(classes="row"):
                yield Label("Mot de passe", classes="field-label", markup=False)
                yield TextInput(
                    id="password",
                    password=True,
                    max_length=200,
                    placeholder="Votre mot de passe",
                    compact=True,
                )
            # Enabled once the keyring answered (see _load_keyring).
            yield TickBox("Se souvenir de moi", id="remember", disabled=True, compact=True)
            yield Static("", id="keyring-reason", classes="hint", markup=False)
            yield Button("Se connecter", id="submit", variant="primary", compact=True)
            yield Static("", id="error", classes="error", markup=False)
            yield Static(
                f"Serveur : {self.services.server_label}", id="server", classes="hint", markup=False
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        services = self.services
        username = services.state.last_username(services.settings.server_url)
        if username:
            self.query_one("#username", Input).value = username
            self.query_one("#password", Input).focus()
        self.query_one("#keyring-reason").display = False
        # After the first paint: the keyring's backends take a while to be discovered.
        self.call_after_refresh(self._load_keyring)

    @work(thread=True, exclusive=True, group="keyring", exit_on_error=False)
    def _load_keyring(self) -> None:
        services = self.services
        services.warm_up()
        status = services.credentials.status()
        username = self.app.call_from_thread(lambda: self.query_one("#username", Input).value)
        password = None
        if status.available and username.strip():
            password = services.credentials.load(services.settings.server_url, username.strip())
        self.app.call_from_thread(self._keyring_ready, status, username, password)
        self.post_message(self.WarmedUp())

    def _keyring_ready(self, status: KeyringStatus, username: str, password: str | None) -> None:
        remember = self.query_one("#remember", Checkbox)
        remember.disabled = not status.available
        reason = self.query_one("#keyring-reason", Static)
        reason.update(status.reason or "")
        reason.display = not status.available
        field = self.query_one("#password", Input)
        # Only if nothing was typed meanwhile: never overwrite the technician's keys.
        if password and not field.value and self.query_one("#username", Input).value == username:
            field.value = password
            remember.value = True
            self.query_one("#submit", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only in « Identifiant ». In « Mot de passe », Entrée must reach the field after the
        # keys before it (it signs in with what they typed); elsewhere it keeps its meaning.
        if action == "next_field":
            return self.focused is not None and self.focused.id == "username"
        return True

    def action_next_field(self) -> None:
        self.set_focus(self.query_one("#password", Input))  # at once, not one message later

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#submit")
    def action_sign_in(self) -> None:
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not username or not password:
            self._show_error("Saisissez votre identifiant et votre mot de passe.")
            return
        self._show_error("Connexion en cours…", busy=True)
        self.query_one("#submit", Button).disabled = True
        self._sign_in(username, password, self.query_one("#remember", Checkbox).value)

    def _show_error(self, message: str, *, busy: bool = False) -> None:
        line = self.query_one("#error", Static)
        line.update(message)
        line.set_class(busy, "busy")

    @work(exclusive=True, group="sign-in", exit_on_error=False)
    async def _sign_in(self, username: str, password: str, remember: bool) -> None:
        services = self.services
        try:
            session = await services.client.sign_in(username, password)
            organismes = await services.client.organismes()
        except errors.BadCredentials:
            self._failed("Identifiant ou mot de passe incorrect.")
            self.query_one("#password", Input).value = ""
            self.query_one("#password", Input).focus()
            return
        except errors.Unavailable as error:
            self._failed(error.message)
            return
        except errors.ApiError as error:
            self._failed(f"Le serveur a refusé la connexion : {error.message}")
            return
        await cast("UnlocksDrafts", self.app).unlock_drafts(username, password)
        await asyncio.to_thread(self._remember, username, password, remember)
        self.query_one("#password", Input).value = ""
        self.query_one("#submit", Button).disabled = False
        self._show_error("")
        self.post_message(self.SignedIn(session.me, organismes))

    def _remember(self, username: str, password: str, remember: bool) -> None:
        """The identifiant in the local state, the password in the keyring or out of it.
        Blocking (a keyring may be a D-Bus service, or a file it encrypts): run in a thread."""
        services = self.services
        server = services.settings.server_url
        services.state.remember_username(server, username)
        if remember:
            services.credentials.store(server, username, password)
        else:
            services.credentials.forget(server, username)

    def _failed(self, message: str) -> None:
        self._show_error(message)
        self.query_one("#submit", Button).disabled = False
