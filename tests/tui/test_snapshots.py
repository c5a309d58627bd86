"""Snapshots of every screen and state of the shell, at 80×24 (the smallest terminal a
technician may have) and 120×40. Frozen clock, seed data, no blink, carousel stopped.

Review every SVG before committing it: a snapshot of a broken screen is a defect."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from mock_server.clock import Clock
from tests.tui.harness import MemoryKeyring, build_app
from tests.tui.steps import at_home, choose, expire_session, home, settle, sign_in, type_into

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_sign_in_without_keyring(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_sign_in_remembered(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    keyring = MemoryKeyring()
    keyring.set_password("ep-tui:http://ep.test", "mlapierre", "demo")
    app = build_app(tmp_path, clock, keyring=keyring)
    app.services.state.remember_username("https://ep.test", "mlapierre")
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_sign_in_refused(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def wrong(pilot: Pilot) -> None:
        await sign_in(pilot, password="faux")

    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=wrong)


@pytest.mark.parametrize("size", SIZES)
def test_organisme_list(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=sign_in)


@pytest.mark.parametrize("code", ["241", "471", "401", "641"])
@pytest.mark.parametrize("size", SIZES)
def test_convention_message(snap_compare, tmp_path: Path, clock: Clock, size, code: str) -> None:
    """241 future, 471 ending in < 30 days, 401 ended with pending requests, 641 ended, all
    resolved."""

    async def validate(pilot: Pilot) -> None:
        await sign_in(pilot)
        await choose(pilot, code, go_on=False)

    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=validate)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_news(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=at_home("331"))


@pytest.mark.parametrize("size", SIZES)
def test_home_carousel_second_item(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def go(pilot: Pilot) -> None:
        await home(pilot, "331")
        pilot.app.screen.query_one("#carousel").focus()  # ← → move the news that has the focus
        await pilot.press("right")
        await settle(pilot)

    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_home_news_below_the_services(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    """Tab to the news: on 80 columns they come after the services (scrolled to)."""

    async def go(pilot: Pilot) -> None:
        await home(pilot, "331")
        pilot.app.screen.query_one("#carousel").focus()
        await settle(pilot)

    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_home_without_colour(
    snap_compare, tmp_path: Path, clock: Clock, size, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: what has the focus, what is chosen, the starred organisme, read without
    colour (a bar, reverse video, the words)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=at_home("471"))


@pytest.mark.parametrize("size", SIZES)
def test_home_history_only(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=at_home("401"))


@pytest.mark.parametrize("size", SIZES)
def test_home_without_news_local_catalogue(
    snap_compare, tmp_path: Path, clock: Clock, size
) -> None:
    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=at_home("911"))


@pytest.mark.parametrize("size", SIZES)
def test_all_news(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def go(pilot: Pilot) -> None:
        await home(pilot, "331")
        pilot.app.screen.query_one("#carousel").focus()  # « n » from the news
        await pilot.press("n")
        await settle(pilot)

    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_identification_card(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap_compare(
        build_app(tmp_path, clock), terminal_size=size, run_before=at_home("331", "f6")
    )


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap_compare(
        build_app(tmp_path, clock), terminal_size=size, run_before=at_home("331", "f1")
    )


@pytest.mark.parametrize("size", SIZES)
def test_session_expired(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def go(pilot: Pilot) -> None:
        await home(pilot, "911", username="vchausson")
        await expire_session(pilot, clock)
        await type_into(pilot, "#reauth-password", "demo")
        await pilot.pause()

    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=go)


@pytest.mark.parametrize("size", SIZES)
def test_high_contrast_home(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    app = build_app(tmp_path, clock, theme="ep-contraste")
    assert snap_compare(app, terminal_size=size, run_before=at_home("331"))


@pytest.mark.parametrize("size", SIZES)
def test_work_list(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    """« À traiter » (F7) of the seed: deadlines, answers and waits, grouped; another
    organisme's items say which."""
    assert snap_compare(
        build_app(tmp_path, clock), terminal_size=size, run_before=at_home("331", "f7")
    )


@pytest.mark.parametrize("size", SIZES)
def test_work_list_of_the_whole_structure(snap_compare, tmp_path: Path, clock: Clock, size):
    assert snap_compare(
        build_app(tmp_path, clock), terminal_size=size, run_before=at_home("331", "f7", "s")
    )


@pytest.mark.parametrize("size", SIZES)
def test_work_list_empty(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def all_handled(pilot: Pilot) -> None:
        await home(pilot, "331", username="jbernard")
        client = pilot.app.services.client  # type: ignore[attr-defined]
        for item in (await client.work_list()).items:  # read each answer, close each exchange
            await client.request(item.number)
            if item.kind == "window_closing":
                await client.close_exchange(item.number)
        await pilot.press("f7")
        await settle(pilot)

    assert snap_compare(build_app(tmp_path, clock), terminal_size=size, run_before=all_handled)
