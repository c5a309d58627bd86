"""A hostile back office's answer on the technician's real terminal: the real ``ep-tui`` in a
pseudo-terminal against a real ``ep-mock-server`` whose store holds, in every text it
serves, escape sequences that would write the clipboard (OSC 52), hide a link (OSC 8),
set the window's title (OSC 0), clear the screen, or reverse the text (tests/hostile.py).
Every byte the app writes is read: none of those sequences may be among them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, ep_tui
from tests.hostile import MARKER, SEQUENCES, spoil
from tests.live_server import live_server

pytestmark = pytest.mark.network


def spoiled_answer(store: Path) -> str:
    """Spoil the live server's store; the number of a resolved request of the demo's
    technician at CPAM GIRONDE, whose answer the detail shows."""
    with sqlite3.connect(store) as connection:
        spoil(connection)
        (number,) = connection.execute(
            "SELECT r.number FROM requests r JOIN technicians t ON t.username = 'mlapierre'"
            " WHERE r.structure_id = t.structure_id AND r.organisme_code = '331'"
            " AND r.status = 'Résolu' AND r.response IS NOT NULL ORDER BY r.id LIMIT 1"
        ).fetchone()
    return str(number)


def test_no_escape_sequence_from_the_server_reaches_the_terminal(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    with live_server(store) as url:
        number = spoiled_answer(store)
        terminal = Terminal(ep_tui(url), tmp_path / "home")
        try:
            terminal.wait_for(terminal.cursor_on("Votre identifiant"))
            terminal.type("mlapierre\rdemo\r")
            terminal.wait_for("Sélectionner l'organisme")
            terminal.wait_for("CPAM ")  # the list, its names 4 lines long each
            terminal.press("down", "down", "down", "down", "enter")  # CPAM GIRONDE, the 5th
            terminal.wait_for("Offres de services")
            assert "CPAM GIRONDE" in terminal.text().splitlines()[0]
            terminal.wait_for(MARKER)  # a spoiled news or offre, shown as written

            terminal.press("f3")
            terminal.wait_for("n Page suiv.")
            terminal.press_and_see("f")
            terminal.type(number)
            terminal.press("enter")
            terminal.wait_for("1 demande · page 1 sur 1")
            terminal.press("enter")
            terminal.wait_for(f"Numéro demande          {number}")
            terminal.wait_for("Réponse de l'organisme")
            terminal.wait_for(lambda text: text.count(MARKER) >= 3)
        finally:
            terminal.close()
    for sequence in SEQUENCES:
        assert sequence not in terminal.written, sequence
    assert b"\x1b[2J" not in terminal.written  # Textual itself never clears so
