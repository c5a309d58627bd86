"""The app's commands are declared once (ep_tui/app_commands.py); the bindings, the palette and
the banner are built from them. What must not move when they are: the keymap ids a technician
may have written in their configuration, and the key bar's labels."""

from __future__ import annotations

from ep_tui import app_commands
from ep_tui.app import EPApp


def test_the_keymap_ids_and_the_key_bar_are_those_of_before() -> None:
    bindings = [b for b in EPApp.BINDINGS if not isinstance(b, tuple) and b.id]
    assert [(b.id, b.key, b.description) for b in bindings] == [
        ("app.help", "f1", "Aide"),
        ("app.home", "f2", "Accueil"),
        ("app.history", "f3", "Historique"),
        ("app.organisme", "f4", "Organisme"),
        ("app.identity", "f6", "Identification"),
        ("app.worklist", "f7", "À traiter"),  # issue 17: a new id, none changed
        ("app.statistics", "f12", "Pilotage"),  # issue 18: a new id, none changed
        ("app.quit", "ctrl+q", "Quitter"),
    ]


def test_every_palette_command_runs_an_action_of_the_app() -> None:
    for command in app_commands.PALETTE + app_commands.KEYS:
        assert callable(getattr(EPApp, f"action_{command.name}", None)), command


def test_a_link_says_its_key() -> None:
    assert app_commands.HISTORY.hint() == (
        "Les demandes de votre structure pour cet organisme (F3)"
    )
    assert app_commands.AMELI.hint() == "Le site de l'Assurance Maladie"
