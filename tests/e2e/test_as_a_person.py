"""End to end as a person would: the real ``ep-tui`` in a pseudo-terminal against a real
``ep-mock-server`` on 127.0.0.1 — sign in, choose an organisme, file a request, find it in
the history, open its detail. Keys only; what is checked is what the screen shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, ep_tui
from tests.live_server import live_server

pytestmark = pytest.mark.network

COMMENT = "Rendez-vous pour le renouvellement de la convention."


def test_sign_in_file_find_and_open(tmp_path: Path) -> None:
    with live_server(tmp_path / "store.sqlite3") as url:
        terminal = Terminal(ep_tui(url), tmp_path / "home")
        try:
            terminal.wait_for(terminal.cursor_on("Votre identifiant"))
            # All at once, as a fast typist or a paste would: Entrée moves to the password
            # before the next key is read.
            terminal.type("mlapierre\rdemo\r")

            terminal.wait_for("Sélectionner l'organisme")
            terminal.wait_for("CPAM LOT ET GARONNE")
            terminal.press("down", "down", "down", "down", "enter")  # CPAM GIRONDE, the 5th
            terminal.wait_for("Offres de services")
            assert "CPAM GIRONDE" in terminal.text().splitlines()[0]

            terminal.press("ctrl+p")
            terminal.wait_for("🔎")
            terminal.type("Contacter")
            terminal.wait_for("Nouvelle demande : Contacter")
            terminal.press("enter")
            terminal.wait_for("Motif de la demande")
            terminal.press("enter")  # the motif list opens
            terminal.wait_for("Gérer la convention de partenariat")
            # The first motif, the first modalité, then on to the comment (past « Ajouter un
            # fichier » and the list of files).
            terminal.press_and_see("down", "enter", "tab", "space", "tab", "tab", "tab")
            terminal.type(COMMENT)
            terminal.wait_for(COMMENT)
            terminal.press("ctrl+s")

            terminal.wait_for("Demande envoyée")
            terminal.wait_for(lambda text: re.search(r"\b\d{10}\b", text) is not None)
            number = terminal.find(r"\b(\d{10})\b")
            assert number.startswith("26331")  # year, organisme, sequence
            terminal.press("escape")
            terminal.wait_for("Offres de services")

            terminal.press("f3")
            terminal.wait_for("Historique des demandes")
            terminal.wait_for("demandes · page 1")
            terminal.wait_for("n Page suiv.")  # the footer: the results have the focus
            terminal.press("f")  # to the filters, « Numéro de demande » first
            # Typed only once the cursor is there: a screen that changed for another reason
            # (the toast of the filing going away) is not the focus that moved.
            terminal.wait_for(terminal.cursor_on("10 chiffres"))
            terminal.type(number)
            terminal.press("enter")
            terminal.wait_for("1 demande · page 1 sur 1")
            terminal.press("enter")

            terminal.wait_for(f"Demande n° {number}")
            # The detail's own blocks (the history under it shows the service's title too, in
            # the lines under its list, until the detail has drawn over them).
            terminal.wait_for(f"Numéro demande          {number}")
            terminal.wait_for("Statut de la demande    Nouveau")
            terminal.wait_for("Offre de service        Contacter votre organisme")
        finally:
            terminal.close()
