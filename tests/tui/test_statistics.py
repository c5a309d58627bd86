"""« Pilotage du partenariat » (F12), driven as a technician does: the figures of the
organisme on screen, another period and every organisme chosen by keyboard, a period that is
not one refused by its field, an alert opening its request, and the CSV and the report saved
for the COPIL. What the screen says is checked against the server's own answer."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from ep_tui.screens.request_detail import RequestDetailScreen
from ep_tui.screens.statistics import StatisticsScreen
from mock_server.clock import Clock
from tests.support import Api
from tests.tui.harness import build_app
from tests.tui.rendering import screen_text
from tests.tui.steps import at_home, home, settle


async def statistics_screen(pilot: Any) -> StatisticsScreen:
    await pilot.press("f12")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StatisticsScreen), screen
    return screen


async def served(api: Api, **params: Any) -> dict:
    response = await api.http.get(
        "/api/v1/statistics",
        params={k: str(v) for k, v in params.items()},
        headers=await api.login(),
    )
    assert response.status_code == 200, response.text
    return response.json()


def status(screen: StatisticsScreen) -> str:
    return str(screen.query_one("#stats-status", Static).render())


async def test_the_year_of_the_organisme_on_screen_as_the_server_counts_it(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    expected = await served(api, organisme="331")
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await statistics_screen(pilot)
        assert status(screen) == "CPAM GIRONDE · année 2026"
        text = screen_text(tui)
        assert f"{expected['filed']} demandes déposées" in text
        assert "Demandes déposées par mois" in text
        tables = str(screen.query_one("#table-prestation", Static).render())
        for benefit in expected["by_benefit"]:
            assert f"{benefit['label']}" in tables
        assert screen.figures is not None and screen.figures.filed == expected["filed"]


async def test_every_organisme_and_a_quarter_by_keyboard(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    expected = await served(api, periode="trimestre", annee=2026, trimestre=3)
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await statistics_screen(pilot)
        # The organisme list has the focus: « Tous les organismes » is its first choice.
        await pilot.press("enter", "home", "enter")
        await settle(pilot)
        await pilot.press("tab", "enter", "down", "enter")  # Période: Trimestre
        await settle(pilot)
        await pilot.press("tab", "tab", "enter", "up", "enter")  # 4e → 3e trimestre
        await settle(pilot)
        assert status(screen) == f"Tous les organismes ({len(expected['organismes'])})" \
            " · 3e trimestre 2026"  # fmt: skip
        assert screen.figures is not None
        assert screen.figures.model_dump(mode="json", exclude={"generated_at"}) == {
            k: v for k, v in expected.items() if k != "generated_at"
        }


async def test_a_period_that_is_not_one_is_said_under_its_fields(
    tmp_path: Path, clock: Clock, app: Any
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await statistics_screen(pilot)
        await pilot.press("tab", "enter", "end", "enter")  # Période: Dates
        await settle(pilot)
        debut, fin = screen.query_one("#s-debut", Input), screen.query_one("#s-fin", Input)
        assert debut.display and fin.display
        # Nothing typed yet: said as what to do, not as a mistake.
        line = screen.query_one("#stats-status", Static)
        assert status(screen).startswith("Saisissez les dates de début et de fin")
        assert not line.has_class("error") and not debut.has_class("-invalid")
        await pilot.press("tab", *"10112026", "tab", *"01112026")
        await settle(pilot)
        assert "La date de fin est avant la date de début." in status(screen)
        assert fin.has_class("-invalid") and not debut.has_class("-invalid")
        # The year's figures are still on screen: they are named, never read as the dates'.
        headline = str(screen.query_one("#headline", Static).render())
        assert headline.startswith("Chiffres affichés : CPAM GIRONDE · année 2026\n")
        # A date that does not exist is refused here, before any question to the server.
        await pilot.press("shift+tab", *["backspace"] * 10, *"30022026")
        await settle(pilot)
        assert "Saisissez une date qui existe" in status(screen)
        assert debut.has_class("-invalid")


async def test_an_alert_opens_its_request_in_its_organisme(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    expected = await served(api)
    [first, *_] = expected["alerts"]
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        screen = await statistics_screen(pilot)
        await pilot.press("enter", "home", "enter")  # every organisme
        await settle(pilot)
        alerts = screen.query_one("#alerts", OptionList)
        assert alerts.option_count == len(expected["alerts"])
        assert first["number"] in str(alerts.get_option_at_index(0).prompt)
        # Organisme, Période, Année, the figures, the alerts: Tab by Tab, as a person does.
        await pilot.press("tab", "tab", "tab", "tab")
        await settle(pilot)
        assert tui.focused is alerts and alerts.highlighted == 0
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(tui.screen, RequestDetailScreen)
        assert tui.screen.number == first["number"]
        assert tui.workspace is not None
        assert tui.workspace.organisme.code == first["organisme_code"]


async def test_the_csv_and_the_report_are_saved_for_the_copil(
    tmp_path: Path, clock: Clock, app: Any, api: Api
) -> None:
    await api.filed("signalement")  # PAIN François: a person the files must not name
    tui = build_app(tmp_path, clock, server_app=app)
    downloads = tui.services.settings.downloads_path
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        await statistics_screen(pilot)
        for key in ("ctrl+e", "ctrl+r"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("enter")  # « Enregistrer » has the focus
            await settle(pilot)
            assert "Enregistré dans" in screen_text(tui)
            await pilot.press("escape")
            await settle(pilot)
    csv_file = downloads / "pilotage-331-2026-01-01-2026-12-31.csv"
    report = downloads / "pilotage-331-2026-01-01-2026-12-31.txt"
    for path in (csv_file, report):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        text = path.read_text(encoding="utf-8-sig")
        assert "PAIN" not in text and "François" not in text
    table = csv_file.read_text(encoding="utf-8-sig").splitlines()
    assert table[0].startswith("Tableau;Libellé;Demandes;Part;Délai moyen (jours)")
    assert any(line.startswith("Répartition par prestation;AME;") for line in table)
    written = report.read_text(encoding="utf-8")
    for part in ("Structure : Service social du Centre hospitalier Les Tilleuls",
                 "Période : année 2026 (du 01/01/2026 au 31/12/2026)",
                 "Délai de traitement", "Méthode"):  # fmt: skip
        assert part in written
    assert "\x1b" not in written and max(len(line) for line in written.splitlines()) <= 80


# --- snapshots (review every SVG: a snapshot of a broken screen is a defect) -------------------

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_figures_of_every_organisme(snap_compare, tmp_path: Path, clock: Clock, size):
    # Every organisme: the alerts, the conventions that ended; the charts with their figures.
    keys = ("f12", "enter", "home", "enter")
    assert snap_compare(build_app(tmp_path, clock), terminal_size=size,
                        run_before=at_home("331", *keys))  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_a_year_without_requests(snap_compare, tmp_path: Path, clock: Clock, size):
    keys = ("f12", "tab", "tab", *["backspace"] * 4, *"2027")
    assert snap_compare(build_app(tmp_path, clock), terminal_size=size,
                        run_before=at_home("331", *keys))  # fmt: skip


def test_snapshot_without_colour(
    snap_compare, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    keys = ("f12", "tab", "tab", "tab", "pagedown")  # the figures have the focus, one page on
    assert snap_compare(build_app(tmp_path, clock), terminal_size=(80, 24),
                        run_before=at_home("331", *keys))  # fmt: skip


async def test_opening_asks_the_server_once_and_f5_asks_again(
    tmp_path: Path, clock: Clock, app: Any
) -> None:
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        client = tui.services.client
        asked: list[object] = []
        original = client.statistics

        async def counted(query: Any) -> Any:
            asked.append(query)
            return await original(query)

        client.statistics = counted  # type: ignore[method-assign]
        await statistics_screen(pilot)
        assert len(asked) == 1  # the year field's first value is no new question
        await pilot.press("f5")
        await settle(pilot)
        assert len(asked) == 2 and asked[0] == asked[1]


async def test_the_figures_come_with_the_screens_first_frame(
    tmp_path: Path, clock: Clock, app: Any, monkeypatch: Any
) -> None:
    """The app asks before it builds the screen (EPApp.action_statistics): drawn once, with
    the figures, not a frame of empty tables and then a second layout."""
    seen: list[bool] = []
    original = StatisticsScreen.on_mount

    def on_mount(screen: StatisticsScreen) -> None:
        original(screen)
        seen.append(screen.figures is not None)

    monkeypatch.setattr(StatisticsScreen, "on_mount", on_mount)
    tui = build_app(tmp_path, clock, server_app=app)
    async with tui.run_test(size=(80, 24)) as pilot:
        await home(pilot, "331")
        await statistics_screen(pilot)
    assert seen == [True]
