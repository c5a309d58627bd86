"""Small dialogs: the identification card, an address to copy, the help."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from ep_contract.wire import Me
from ep_tui.screens.dialog import Dialog
from ep_tui.widgets.paged_scroll import PagedScroll


class IdentityCard(Dialog[bool]):
    """« Fiche d'identification »: PRÉNOM NOM, the structure, « Se déconnecter ».
    Answers True when the technician signs out."""

    BINDINGS = [Binding("escape", "close", "Fermer", id="identity.close", tooltip="Fermer")]

    def __init__(self, me: Me) -> None:
        super().__init__()
        self.me = me

    def compose_dialog(self) -> ComposeResult:
        yield Static("Fiche d'identification", classes="dialog-title", markup=False)
        yield Static(Text(self.me.display_name, style="bold"), id="name", markup=False)
        yield Static(self.me.structure.name, id="structure", markup=False)
        yield Static(f"Identifiant : {self.me.username}", classes="hint", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Se déconnecter", id="sign-out", variant="error", compact=True)
            yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#sign-out")
    def _sign_out(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(False)


class AddressDialog(Dialog[None]):
    """Where no browser can be opened (over SSH, a server): the address, to copy."""

    BINDINGS = [
        Binding("escape", "close", "Fermer", id="address.close", tooltip="Fermer"),
        Binding(
            "c",
            "copy",
            "Copier",
            id="address.copy",
            tooltip="Copier l'adresse dans le presse-papiers du terminal",
        ),
    ]

    def __init__(self, title: str, url: str) -> None:
        super().__init__()
        self.title_text = title
        self.url = url

    def compose_dialog(self) -> ComposeResult:
        yield Static(self.title_text, classes="dialog-title", markup=False)
        yield Static("Aucun navigateur ne peut être ouvert d'ici. Adresse à copier :", markup=False)
        yield Static(Text(self.url, style="bold"), id="url", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Copier", id="copy", compact=True)
            yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self.url)
        self.notify("Adresse copiée (si votre terminal le permet).")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


HELP_INTRO = """Tout se fait au clavier. Tab et Maj+Tab passent d'un élément à l'autre, Entrée \
active, Échap revient en arrière. Ctrl+P ouvre la palette de commandes : tapez quelques lettres \
(« hist », « nouvelle »…) pour aller à un écran ou déposer une demande.
Les touches peuvent être changées dans le fichier de configuration (section [keymap], par \
identifiant de raccourci)."""


class HelpScreen(Dialog[None]):
    DEFAULT_CSS = """
    HelpScreen #dialog { width: 90; }
    HelpScreen #keys { height: auto; }
    HelpScreen .key-row { height: auto; }
    """
    BINDINGS = [Binding("escape", "close", "Fermer", id="help.close", tooltip="Fermer l'aide")]

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        """``rows``: (keys, description, binding id) of the screen below and the app."""
        super().__init__()
        self.rows = rows

    def compose_dialog(self) -> ComposeResult:
        yield Static("Aide", classes="dialog-title", markup=False)
        yield Static(HELP_INTRO, id="intro", markup=False)
        with PagedScroll(id="keys", classes="focus-bar"):
            for keys, description, binding_id in self.rows:
                row = Text.assemble((f"{keys:>12}", "bold"), f"  {description}  ",
                                    (binding_id, "dim"))  # fmt: skip
                yield Static(row, classes="key-row", markup=False)
        with Horizontal(classes="buttons"):
            yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        # The keys first: at 80×24 they run past the box, and ↓ / Pg.Suiv. scroll them only
        # when they have the focus (on « Fermer », the end of the list was out of reach).
        self.query_one("#keys").focus()

    def on_resize(self, event: events.Resize) -> None:
        # As many keys as the screen holds beside the rest of the box (title, introduction,
        # button, borders, key bar: 13 lines at 80 columns), the others a scroll away.
        self.query_one("#keys").styles.max_height = max(3, event.size.height - 13)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
