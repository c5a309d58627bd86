"""A hostile server's texts on every screen that shows them (tests/hostile.py): markup is
shown as written — never read, so a « [/] » cannot crash the app nor a « [@click=…] » act —
and no control, bidirectional or invisible character reaches a cell of the terminal."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.app import App

import ep_tui
from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from tests.hostile import MARKER, UNSHOWABLE, spoil
from tests.tui.harness import build_app
from tests.tui.rendering import screen_cells, text_lines
from tests.tui.tour import TOUR

# The stops where texts of the server are on screen: organisme and structure names, news,
# catalogue labels and hints, requests, answers, messages, file names.
STOPS = ["organismes", "accueil", "actualites", "identification", "palette", "historique",
         "historique-liste-offre", "detail-resolu", "message", "formulaire-signalement-mas",
         "formulaire-rdv-erreurs", "formulaire-document", "doublon", "confirmation"]  # fmt: skip


def hostile_app(tmp_path: Path, clock: Clock) -> App:
    server = create_app(Database(":memory:"), clock=clock, test_controls=True)
    with server.state.server.db.transaction() as connection:
        spoil(connection)
    return build_app(tmp_path, clock, server_app=server)


@pytest.mark.parametrize("stop", STOPS)
async def test_server_texts_show_as_written_and_harmless(tmp_path: Path, clock: Clock, stop: str):
    app = hostile_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await TOUR[stop](pilot)
        cells = screen_cells(app)
        text = "\n".join(text_lines(cells))
        assert app.is_running and app._exception is None
        assert MARKER in text, f"no server text shown as written at {stop}:\n{text}"
        assert not UNSHOWABLE & set(text)
        links = {cell.style.link for row in cells for cell in row if cell.style.link}
        assert not links, links


def _markup_readers(source: str) -> list[int]:
    """Lines where a Static or a Label is built without ``markup=False``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in {"Static", "Label"} and not any(
                k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
                for k in node.keywords
            ):
                lines.append(node.lineno)
    return lines


def test_no_widget_of_the_app_reads_markup() -> None:
    """ep-tui never uses Textual's markup in a Static or a Label: a text built from the
    server's (a name, a problem's detail) must not be read as markup in one place because
    it was harmless in another. Styles go through Content or Rich Text."""
    root = Path(ep_tui.__file__).parent
    found = {
        str(path.relative_to(root)): lines
        for path in sorted(root.rglob("*.py"))
        if (lines := _markup_readers(path.read_text(encoding="utf-8")))
    }
    assert not found, found
    # And with no markup read, an escaped bracket (« \\[keymap] ») would show its backslash.
    escaped = [str(path.relative_to(root)) for path in sorted(root.rglob("*.py"))
               if "\\\\[" in path.read_text(encoding="utf-8")]  # fmt: skip
    assert not escaped, escaped


async def test_the_palette_finds_an_offre_whose_title_holds_markup(tmp_path: Path, clock: Clock):
    app = hostile_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await TOUR["palette"](pilot)
        await pilot.press(*"Contacter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = "\n".join(text_lines(screen_cells(app)))
        assert f"Contacter votre organisme d'assurance Maladie {MARKER}" in text
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "RequestFormScreen" and app.is_running
