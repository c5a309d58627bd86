"""After VALIDER (manual §V.1): the number, explained; and « leave this form? »."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ep_tui.domain.request_number import parse_request_number
from ep_tui.screens.dialogs import DIALOG_CSS

if TYPE_CHECKING:
    from ep_tui.api_client.models import RequestDetail


class Confirmation(ModalScreen[str]):
    """Answers « detail », « another » or « home »."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="Confirmation")
        + """
    Confirmation #number { text-style: bold; color: $success; }
    Confirmation > Vertical { width: 76; }
    Confirmation .buttons Button { min-width: 0; width: auto; padding: 0 1; }
    """
    )
    BINDINGS = [
        Binding("c", "copy", "Copier le numéro", id="confirmation.copy",
                tooltip="Copier le numéro de la demande"),
        Binding("escape", "home", "Accueil", id="confirmation.home", tooltip="Accueil"),
    ]  # fmt: skip

    def __init__(self, detail: RequestDetail, organisme_name: str) -> None:
        super().__init__()
        self.detail = detail
        self.organisme_name = organisme_name

    def compose(self) -> ComposeResult:
        number = parse_request_number(self.detail.number)
        with Vertical():
            yield Static("Demande envoyée", classes="dialog-title")
            yield Static(f"Votre demande a bien été envoyée à {self.organisme_name}.")
            yield Static("Un numéro a été assigné à votre demande pour faciliter son suivi :")
            yield Static(self.detail.number, id="number")
            if number is not None:
                yield Static(number.explain(), id="explanation")
            with Horizontal(classes="buttons"):
                yield Button("Accueil", id="home", variant="primary", compact=True)
                yield Button("Copier le numéro", id="copy", compact=True)
                yield Button("Voir le détail", id="detail", compact=True)
                yield Button("Autre demande", id="another", compact=True)

    def on_mount(self) -> None:
        self.query_one("#home", Button).focus()

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.detail.number)
        self.notify(f"Numéro {self.detail.number} copié (si votre terminal le permet).")

    @on(Button.Pressed, "#detail")
    def _detail(self) -> None:
        self.dismiss("detail")

    @on(Button.Pressed, "#another")
    def _another(self) -> None:
        self.dismiss("another")

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        self.dismiss("home")


class LeaveForm(ModalScreen[str | None]):
    """Answers « keep » (keep the draft), « discard », or None (stay)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="LeaveForm")
    BINDINGS = [Binding("escape", "stay", "Continuer la saisie", id="leave.stay",
                        tooltip="Revenir au formulaire")]  # fmt: skip

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Quitter le formulaire ?", classes="dialog-title")
            yield Static("Ce que vous avez saisi n'a pas été envoyé.")
            with Horizontal(classes="buttons"):
                yield Button("Garder le brouillon", id="keep", variant="primary", compact=True)
                yield Button("Abandonner", id="discard", variant="error", compact=True)
                yield Button("Continuer la saisie", id="stay", compact=True)

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss("keep")

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss("discard")

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(None)


class ResumeDraft(ModalScreen[str | None]):
    """Answers « resume », « new », or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ResumeDraft")
    BINDINGS = [Binding("escape", "close", "Fermer", id="resume.close", tooltip="Fermer")]

    def __init__(self, saved: str, protection: str) -> None:
        super().__init__()
        self.saved = saved
        self.protection = protection

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Brouillon en cours", classes="dialog-title")
            yield Static(f"Un brouillon de ce formulaire a été enregistré le {self.saved}.")
            yield Static(self.protection, classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Reprendre le brouillon", id="resume", variant="primary",
                             compact=True)  # fmt: skip
                yield Button("Nouveau formulaire", id="new", compact=True)

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    @on(Button.Pressed, "#resume")
    def _resume(self) -> None:
        self.dismiss("resume")

    @on(Button.Pressed, "#new")
    def _new(self) -> None:
        self.dismiss("new")

    def action_close(self) -> None:
        self.dismiss(None)
