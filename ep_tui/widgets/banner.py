"""The central banner (manual §III.2) and the top bar: the app's name (home from anywhere),
the organisme (change it), the connected person (identification card); ameli.fr and the
user manual."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ep_tui.api_client.models import Me, Organisme


class Banner(Horizontal):
    DEFAULT_CSS = """
    Banner {
        height: 1;
        background: $primary;
        color: $text;
    }
    Banner Button.-textual-compact {
        width: auto;
        height: 1;
        min-width: 0;
        background: $primary;
        color: $text;
        text-style: bold;
        border: none;
    }
    Banner Button.-textual-compact:focus {
        background: $accent;
        color: $background;
    }
    Banner #banner-organisme.flagged.-textual-compact {
        color: $error;
        background: $background;
    }
    Banner .spacer {
        width: 1fr;
    }
    Banner .gap {
        width: 1;
    }
    """

    def __init__(self, me: Me, organisme: Organisme) -> None:
        super().__init__()
        self.me = me
        self.organisme = organisme

    def compose(self) -> ComposeResult:
        yield Button(
            "Espace Partenaires",
            id="banner-home",
            action="app.home",
            compact=True,
            tooltip="Revenir à la page d'accueil",
        )
        yield Static(classes="spacer")
        organisme = Button(
            self.organisme.label,
            id="banner-organisme",
            compact=True,
            action="app.change_organisme",
            tooltip="Changer d'organisme",
        )
        organisme.set_class(self.organisme.convention.flagged, "flagged")
        yield organisme
        yield Static(" ", classes="gap")
        yield Button(
            self.me.display_name,
            id="banner-person",
            action="app.identity",
            compact=True,
            tooltip="Fiche d'identification",
        )


class TopBar(Horizontal):
    DEFAULT_CSS = """
    TopBar {
        height: 1;
        background: $panel;
    }
    TopBar Button.-textual-compact {
        width: auto;
        height: 1;
        min-width: 0;
        border: none;
        background: $panel;
        color: $text;
        text-style: underline;
    }
    TopBar Button.-textual-compact:focus {
        background: $accent;
        color: $background;
    }
    TopBar #history {
        text-style: bold underline;
    }
    TopBar .spacer {
        width: 1fr;
    }
    TopBar .separator {
        width: 3;
    }
    """

    def compose(self) -> ComposeResult:
        yield Button(
            "Historique des demandes",
            id="history",
            action="app.history",
            compact=True,
            tooltip="Toutes les demandes de votre structure pour cet organisme",
        )
        yield Static(classes="spacer")
        yield Button("ameli.fr", id="link-ameli", action="app.open_link('ameli')", compact=True)
        yield Static(" | ", classes="separator")
        yield Button(
            "Manuel utilisateur", id="link-manual", action="app.open_link('manual')", compact=True
        )
