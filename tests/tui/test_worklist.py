"""« À traiter » (F7), driven as a technician does: the items of every organisme grouped by
urgency, an item opening its request in its organisme, « s » for the whole structure, and the
unsent drafts reopening their form. What the server says is checked, not only the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import OptionList

from ep_tui.screens.confirmation import ResumeDraft
from ep_tui.screens.home import HomeScreen
from ep_tui.screens.request_detail import RequestDetailScreen
from ep_tui.screens.worklist import WorkListScreen
from mock_server.clock import Clock
from tests.support import Api
from tests.tui.forms import open_form, type_field
from tests.tui.harness import build_app
from tests.tui.rendering import screen_text
from tests.tui.steps import home, settle, until_screen


async def resolved_in(api: Api, organisme: str, user: str = "mlapierre") -> str:
    number = (await api.filed("etude", organisme=organisme, user=user))["number"]
    await api.take(number, organisme=organisme)
    answer = {"answer": "Les droits sont ouverts.", "attachment_ids": []}
    response = await api.agent_post(f"/requests/{number}/resolution", answer, organisme=organisme)
    assert response.status_code == 204, response.text
    return number


async def work_list(pilot: Any) -> WorkListScreen:
    await pilot.press("f7")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, WorkListScreen), screen
    return screen


def option_ids(screen: WorkListScreen) -> list[str]:
    options = screen.query_one(OptionList)
    return [options.get_option_at_index(i).id or "" for i in range(options.option_count)]


def prompt_of(screen: WorkListScreen, number: str) -> tuple[int, str]:
    options = screen.query_one(OptionList)
    for index in range(options.option_count):
        text = str(options.get_option_at_index(index).prompt)
        if number in text:
            return index, text
    raise AssertionError(f"{number} not listed")


async def server_kinds(api: Api, number: str, user: str = "mlapierre") -> list[str]:
    response = await api.http.get("/api/v1/worklist", headers=await api.login(user))
    return [i["kind"] for i in response.json()["items"] if i["number"] == number]


async def test_an_answer_elsewhere_opens_in_its_organisme_and_is_read(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    number = await resolved_in(api, "471")
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await work_list(pilot)
        index, text = prompt_of(screen, number)
        assert "CPAM LOT ET GARONNE" in text and "Réponse de l'organisme non lue" in text
        assert "Réponses à lire" in screen_text(tui)
        screen.query_one(OptionList).highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert tui.workspace is not None and tui.workspace.organisme.code == "471"
        assert isinstance(tui.screen, RequestDetailScreen) and tui.screen.number == number
        assert "CPAM LOT ET GARONNE" in screen_text(tui)  # the banner says where it is
    assert await server_kinds(api, number) == []  # opened: read by Martine


async def test_s_adds_the_colleagues_requests_and_the_key_bar_says_it(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    theirs = await resolved_in(api, "331", user="vchausson")
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await work_list(pilot)
        assert not any(theirs in str(o) for o in option_ids(screen))
        assert "s Toute la structure" in screen_text(tui)
        await pilot.press("s")
        await settle(pilot)
        _, text = prompt_of(screen, theirs)
        assert "CHAUSSON Victor" in text  # whose request it is, in the structure's view
        shown = screen_text(tui)
        assert "À traiter — Toute la structure" in shown and "s Mes demandes" in shown


async def test_an_unsent_draft_is_listed_and_reopens_its_form(
    tmp_path: Path, clock: Clock, app: Any
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(120, 40)) as pilot:
        await home(pilot, "331")
        await open_form(pilot, "rdv")
        await type_field(pilot, "nom", "DUPONT")
        await pilot.press("f2")  # home: the form goes, its draft stays
        await settle(pilot)
        screen = await work_list(pilot)
        index, text = prompt_of(screen, "DUPONT")
        assert "Demander un rendez-vous pour un assuré" in text
        assert "Brouillons non envoyés (1)" in screen_text(tui)
        screen.query_one(OptionList).highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(tui.screen, ResumeDraft)  # the form offers its draft back


async def test_nothing_to_do_is_said(tmp_path: Path, clock: Clock, app: Any) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331", username="jbernard")
        await work_list(pilot)
        shown = screen_text(tui)
        assert "Seuils d'alerte de votre structure : Nouveau 10 j" in shown


async def test_the_home_page_counts_what_is_to_do_and_follows_it(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        button = tui.screen.query_one("#to-worklist")
        served = await api.http.get("/api/v1/worklist", headers=await api.login())
        requests = {item["number"] for item in served.json()["items"]}
        assert f"À traiter ({len(requests)})" in screen_text(tui)  # one per request
        # The services stay where they were at 80×24: the count is on their title's line.
        title = tui.screen.query_one("#services-head .section-title")
        assert button.region.y == title.region.y
        number = await resolved_in(api, "331")  # a new answer, while on the home page
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert f"À traiter ({len(requests) + 1})" in screen_text(tui)  # counted on return
        tui.action_open_request(number)  # opened: read
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert f"À traiter ({len(requests)})" in screen_text(tui)


@pytest.mark.parametrize("poll_interval", [0, 30])
async def test_the_home_page_arriving_looks_at_the_work_list_once(
    tmp_path: Path, clock: Clock, app: Any, poll_interval: int
) -> None:
    """The home page fetched the list for its count while the app's first look at the
    organisme fetched it too: twice the same answer, up to half a megabyte at 100,000
    requests. One look now, shared, with the notifications on or off."""
    tui = build_app(tmp_path, clock, server_app=app, poll_interval=poll_interval)
    client = tui.services.client
    fetched = client.work_list
    scopes: list[str] = []

    async def counted(scope: str = "mine") -> Any:
        scopes.append(scope)
        return await fetched(scope)

    client.work_list = counted  # type: ignore[method-assign]
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        assert "À traiter (" in screen_text(tui)
        assert scopes == ["mine"]


async def test_a_look_under_way_when_the_home_page_asks_is_followed_by_a_fresh_one(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    """The home page's look is skipped while one is on its way — whose answer may predate
    what the technician just did: an answer opened (read) while the look was out came back
    still counted, until the next showing of the page (a review of the change)."""
    import asyncio

    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        before = screen_text(tui)
        number = await resolved_in(api, "331")
        client = tui.services.client
        fetched, release = client.work_list, asyncio.Event()

        async def answered_then_held(scope: str = "mine") -> Any:
            client.work_list = fetched  # type: ignore[method-assign]  # the next ones pass
            found = await fetched(scope)
            await release.wait()  # the server has answered; the answer is still on its way
            return found

        client.work_list = answered_then_held  # type: ignore[method-assign]
        tui.look_at_work()  # a regular look, under way
        await pilot.pause()
        tui.action_open_request(number)  # read, while that look is out
        await until_screen(pilot, RequestDetailScreen)  # (settle would wait for that look)
        await pilot.press("escape")  # the home page asks again: a look is under way
        await until_screen(pilot, HomeScreen)
        await pilot.pause()
        release.set()
        await settle(pilot)
        count = next(line for line in before.splitlines() if "À traiter (" in line)
        assert count.strip().split("À traiter")[1] in screen_text(tui)  # the read one is gone


async def test_an_answer_arriving_while_the_list_is_open_shows_up_with_its_notification(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    """One source: the app's regular look refreshes the open list as it notifies."""
    tui = build_app(tmp_path, clock, server_app=app, poll_interval=30)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await work_list(pilot)
        await settle(pilot)
        number = await resolved_in(api, "471")
        assert number not in screen_text(tui)
        tui.poll_work()  # what the timer calls every 30 s
        await settle(pilot)
        assert number in screen_text(tui)
        assert any(number in n.message for n in tui._notifications)
        assert tui.screen is screen


async def test_a_request_opened_from_the_list_says_escape_comes_back_to_it(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    """The detail said « Revenir à l'historique » whatever was under it; from « À traiter »
    Échap came back to the list (a technician's walkthrough)."""
    number = await resolved_in(api, "331")
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await work_list(pilot)
        screen.query_one(OptionList).highlighted = prompt_of(screen, number)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(tui.screen, RequestDetailScreen)
        shown = screen_text(tui)
        assert "‹ Revenir à « À traiter »" in shown and "esc Revenir à « À traiter »" in shown
        assert "historique" not in shown.split("Demande n°")[0]
        await pilot.press("escape")
        await settle(pilot)
        assert tui.screen is screen
        await pilot.press("f3")  # from the history, it says the history
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(tui.screen, RequestDetailScreen)
        assert "‹ Revenir à l'historique" in screen_text(tui)
