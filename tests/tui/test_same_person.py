"""« Nouvelle demande pour cette personne » (issue 17): from a request's detail, a form of
another offre de service with the person block filled — and what reaches the server is exactly
that person. The duplicate check still applies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from ep_tui.screens.confirmation import Confirmation, DuplicateWarning
from ep_tui.screens.request_detail import RequestDetailScreen
from ep_tui.screens.request_form import RequestFormScreen
from ep_tui.screens.service_choice import ServiceChoice
from mock_server.clock import Clock
from tests.support import VALID_VALUES, Api
from tests.tui.forms import choose, type_comment
from tests.tui.harness import build_app
from tests.tui.rendering import screen_text
from tests.tui.steps import home, settle, until_screen

PERSON_FIELDS = ("civilite", "nom", "prenom", "date_naissance", "lieu_naissance", "telephone")


async def form_for_the_same_person(pilot: Any, number: str, service: str) -> RequestFormScreen:
    pilot.app.action_open_request(number)
    await settle(pilot)
    assert isinstance(pilot.app.screen, RequestDetailScreen)
    pilot.app.screen.query_one("#same-person").focus()
    await pilot.press("enter")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ServiceChoice)
    options = dialog.query_one(OptionList)
    options.highlighted = next(
        i for i in range(options.option_count) if options.get_option_at_index(i).id == service
    )
    await pilot.press("enter")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, RequestFormScreen) and form.service.code == service
    return form


async def test_the_person_reaches_the_server_exactly(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    filed = await api.filed("etude")  # PRINCE Marius, born 05/05/1960 in 27
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        await form_for_the_same_person(pilot, filed["number"], "rdv")
        await choose(pilot, "motif", "AME")
        await type_comment(pilot, "Rendez-vous pour la même personne.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(tui.screen, Confirmation), tui.screen
        number = tui.screen.detail.number
        assert "m Même personne" in screen_text(tui)
        await pilot.press("m")  # the same offre again, for the same person
        await settle(pilot)
        again_form = tui.screen
        assert isinstance(again_form, RequestFormScreen) and again_form.service.code == "rdv"
        assert again_form.raw_values()["nom"] == filed["person_details"]["nom"]
    again = (await api.detail(number)).json()
    assert again["service_code"] == "rdv"
    for name in PERSON_FIELDS:
        assert again["person_details"][name] == filed["person_details"][name], name


async def test_the_duplicate_check_still_applies(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    filed = await api.filed("etude")
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(120, 40)) as pilot:
        await home(pilot, "331")
        await form_for_the_same_person(pilot, filed["number"], "etude")
        await choose(pilot, "motif", filed["motif"])
        await type_comment(pilot, "La même demande, par erreur.")
        await pilot.press("ctrl+s")
        await until_screen(pilot, DuplicateWarning)  # the filing worker waits on it
        await pilot.click("#file")  # « Déposer quand même »: the worker goes on
        await settle(pilot)


async def test_no_button_for_a_request_without_a_person(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    filed = await api.filed("contact")
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        tui.action_open_request(filed["number"])
        await settle(pilot)
        assert tui.screen.query_one("#person-actions").display is False


async def test_all_the_person_s_requests_and_no_one_else_s(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    from textual.widgets import DataTable

    from ep_tui.screens.history import HistoryScreen

    filed = await api.filed("etude")  # PRINCE Marius, born 05/05/1960
    other = await api.filed("etude", values={**VALID_VALUES["etude"], "prenom": "Marius-Jean"})
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        tui.action_open_request(filed["number"])
        await settle(pilot)
        tui.screen.query_one("#person-history").focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = tui.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one(DataTable)
        shown = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert filed["number"] in shown and other["number"] not in shown
        expected = await api.history(nom="PRINCE", prenom="Marius", naissance="1960-05-05")
        assert sorted(shown) == sorted(i["number"] for i in expected.json()["items"])
        assert "Demandes de Monsieur PRINCE Marius, né le 05/05/1960" in screen_text(tui)
        await pilot.click("#reset")
        await settle(pilot)
        assert table.row_count == 20  # every request again, a page of them
