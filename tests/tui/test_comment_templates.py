"""« Modèles de commentaire » driven as a technician does: F9 in a comment inserts a template
at the cursor (and what reaches the server is exactly that text), the editor checks as the
comment does and keeps the text through a refusal, the list edits and deletes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, OptionList, TextArea

from ep_tui.screens.comment_templates import TemplateEditor, TemplatePicker, TemplatesScreen
from ep_tui.screens.confirmation import CommentWarningDialog, Confirmation
from mock_server.clock import Clock
from tests.support import Api
from tests.tui.forms import choose, open_form
from tests.tui.harness import build_app
from tests.tui.rendering import screen_text
from tests.tui.steps import home, settle, until_screen

RDV = {"title": "Rendez-vous C2S", "body": "merci de proposer un rendez-vous pour la C2S"}


async def templates_on_server(api: Api, user: str = "mlapierre") -> list[dict[str, Any]]:
    response = await api.http.get("/api/v1/comment-templates", headers=await api.login(user))
    return list(response.json()["items"])


async def test_f9_inserts_a_template_at_the_cursor_and_it_reaches_the_server(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    made = await api.post("/api/v1/comment-templates", RDV, user="vchausson")  # a colleague's
    assert made.status_code == 201, made.text
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "contact")
        await choose(pilot, "motif", "Gérer la convention de partenariat")
        await choose(pilot, "modalites", ["Physique"])
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.focus()
        await pilot.press(*"Bonjour, . Cordialement.")
        area.move_cursor((0, len("Bonjour, ")))  # between the greeting and the full stop
        await pilot.press("f9")
        await until_screen(pilot, TemplatePicker)
        await pilot.press(*"c2s")  # narrows on the title or the text, accents and case aside
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        expected = f"Bonjour, {RDV['body']}. Cordialement."
        assert pilot.app.screen is screen and area.text == expected
        assert screen.focused is area
        assert area.cursor_location == (0, len(f"Bonjour, {RDV['body']}"))
        # Right after a word or a full stop, the template comes a space apart.
        area.move_cursor(area.document.end)
        await pilot.press("f9")
        await until_screen(pilot, TemplatePicker)
        await pilot.press("enter")
        await settle(pilot)
        expected = f"{expected} {RDV['body']}"
        assert area.text == expected
        await pilot.press("ctrl+s")
        await until_screen(pilot, Confirmation)
        number = pilot.app.screen.detail.number
    detail = (await api.detail(number)).json()
    assert detail["comment"] == expected


async def test_the_picker_says_when_nothing_matches_and_esc_inserts_nothing(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    await api.post("/api/v1/comment-templates", RDV)
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        screen = await open_form(pilot, "contact")
        area = screen.query_one("#control-commentaire TextArea", TextArea)
        area.focus()
        await pilot.press("f9")
        await until_screen(pilot, TemplatePicker)
        await pilot.press(*"xyz")
        await settle(pilot)
        assert "Aucun modèle ne contient ce que vous avez tapé." in screen_text(tui)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert pilot.app.screen is screen and area.text == ""


async def test_the_editor_checks_as_a_comment_and_keeps_the_text_through_a_refusal(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    await api.post("/api/v1/comment-templates", RDV, user="vchausson")
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        tui.action_comment_templates()
        await until_screen(pilot, TemplatesScreen)
        await settle(pilot)
        await pilot.press("n")
        await until_screen(pilot, TemplateEditor)
        editor = pilot.app.screen
        await pilot.press("ctrl+s")  # nothing typed: each field says what it needs
        await settle(pilot)
        shown = screen_text(tui)
        assert shown.count("Ce champ est obligatoire.") == 2
        await pilot.press(*"rendez-vous c2s")  # the colleague's title, other case and accents
        editor.query_one("#template-body").focus()
        await pilot.press(*"La personne est diabétique.")
        await settle(pilot)
        assert "Ce champ est obligatoire." not in screen_text(tui)  # gone as it is typed
        assert "Données de santé probables" in screen_text(tui)  # the comment's warning, live
        await pilot.press("ctrl+s")
        await until_screen(pilot, CommentWarningDialog)
        await pilot.press("escape")  # back to the text: nothing saved
        await settle(pilot)
        assert pilot.app.screen is editor
        area = editor.query_one(TextArea)
        area.text = "Merci de proposer un rendez-vous."
        await pilot.press("ctrl+s")  # the server refuses the title: said under it, text kept
        await settle(pilot)
        assert pilot.app.screen is editor
        assert "Un modèle de votre structure porte déjà ce titre." in screen_text(tui)
        assert area.text == "Merci de proposer un rendez-vous."
        title = editor.query_one("#template-title", Input)
        assert editor.focused is title
        title.value = "Rendez-vous C2S (assurés âgés)"
        await pilot.press("ctrl+s")
        await until_screen(pilot, TemplatesScreen)
        await settle(pilot)
        assert "Rendez-vous C2S (assurés âgés)" in screen_text(tui)
    titles = [t["title"] for t in await templates_on_server(api)]
    assert titles == ["Rendez-vous C2S", "Rendez-vous C2S (assurés âgés)"]


async def test_the_list_edits_and_deletes_with_a_confirmation(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    await api.post("/api/v1/comment-templates", RDV)
    await api.post("/api/v1/comment-templates", {"title": "Accueil", "body": "Bonjour,"})
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        tui.action_comment_templates()
        await until_screen(pilot, TemplatesScreen)
        await settle(pilot)
        listing = pilot.app.screen.query_one(OptionList)
        assert listing.highlighted == 0  # « Accueil », first by title
        await pilot.press("down", "enter")
        await until_screen(pilot, TemplateEditor)
        editor = pilot.app.screen
        assert editor.query_one("#template-title", Input).value == RDV["title"]
        editor.query_one(TextArea).text = "Rendez-vous sous huit jours."
        await pilot.press("ctrl+s")
        await until_screen(pilot, TemplatesScreen)
        await settle(pilot)
        assert listing.highlighted == 1  # the template just saved stays under the cursor
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("escape")  # « Garder »
        await settle(pilot)
        assert len(await templates_on_server(api)) == 2
        await pilot.press("delete")
        await settle(pilot)
        await pilot.click("#delete")
        await settle(pilot)
        assert "1 modèle." in screen_text(tui)
    assert [t["title"] for t in await templates_on_server(api)] == ["Accueil"]


async def test_the_palette_finds_the_templates_typed_without_accents(
    tmp_path: Path, clock: Clock, app: Any
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot)
        await pilot.press("ctrl+p", *"modeles", "enter")
        await until_screen(pilot, TemplatesScreen)
