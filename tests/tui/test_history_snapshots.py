"""Snapshots of the history and the follow-up at 80×24 and 120×40: the list full, filtered,
sorted and paged, empty; a detail in each status (answer, attachments, MAS answers, the
exchange, its limits reached); the complete, cancel and message dialogs; the duplicate
warning; the calendar; the CSV export. Review every SVG before committing it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Select

from mock_server.clock import Clock
from mock_server.transport import LoopbackTransport
from tests.support import MAS_VALUES, Api
from tests.tui.forms import fill, open_form
from tests.tui.harness import build_app
from tests.tui.steps import home, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Step = Callable[[Pilot, Api], Awaitable[None]]


def scenario(clock: Clock, *steps: Step, organisme: str = "331"):
    async def run(pilot: Pilot) -> None:
        transport = LoopbackTransport(pilot.app.server)  # type: ignore[attr-defined]
        async with httpx.AsyncClient(transport=transport, base_url="http://ep.test") as http:
            api = Api(http, clock)
            await home(pilot, organisme)
            for step in steps:
                await step(pilot, api)
                await settle(pilot)

    return run


def keys(*pressed: str) -> Step:
    async def step(pilot: Pilot, api: Api) -> None:
        await pilot.press(*pressed)

    return step


def click(selector: str) -> Step:
    async def step(pilot: Pilot, api: Api) -> None:
        await pilot.click(selector)

    return step


def open_request(number: str) -> Step:
    async def step(pilot: Pilot, api: Api) -> None:
        await pilot.app.run_action(f"open_request('{number}')")

    return step


def new_request(service: str = "etude", files: int = 2, values: dict | None = None) -> Step:
    async def step(pilot: Pilot, api: Api) -> None:
        ids = [await api.uploaded(f"justificatif-{i + 1}.pdf") for i in range(files)]
        filed = await api.filed(service, attachment_ids=ids, values=values)
        await pilot.app.run_action(f"open_request('{filed['number']}')")

    return step


def exchange(rounds: int) -> Step:
    """A resolved request with an answer file, then ``rounds`` questions answered."""

    async def step(pilot: Pilot, api: Api) -> None:
        number = (await api.filed("etude"))["number"]
        await api.take(number)
        await api.resolve(number, "Aide accordée : 300 euros versés sous 10 jours.",
                          files=[await api.uploaded("notification.pdf", agent="331")])  # fmt: skip
        for index in range(rounds):
            path = f"/api/v1/requests/{number}/messages"
            body = {"body": f"Question {index + 1} : le versement est-il mensuel ?",
                    "attachment_ids": []}  # fmt: skip
            assert (await api.post(path, body)).status_code == 201
            answer = {"body": f"Réponse {index + 1} : non, en une fois.", "attachment_ids": []}
            response = await api.agent_post(f"/requests/{number}/messages", answer)
            assert response.status_code < 300, response.text
        await pilot.app.run_action(f"open_request('{number}')")

    return step


def history_filtered(pilot: Pilot, api: Api) -> Awaitable[None]:
    screen = pilot.app.screen
    screen.query_one("#f-statut", Select).value = "Résolu"
    screen.query_one("#f-demandeur", Input).value = "chausson"
    return pilot.click("#search")


def snap(snap_compare, tmp_path: Path, clock: Clock, size, *steps: Step, organisme="331"):
    app = build_app(tmp_path, clock)
    return snap_compare(app, terminal_size=size,
                        run_before=scenario(clock, *steps, organisme=organisme))  # fmt: skip


# --- the list ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_history_full(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap(snap_compare, tmp_path, clock, size, keys("f3"))


@pytest.mark.parametrize("size", SIZES)
def test_history_filtered(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap(snap_compare, tmp_path, clock, size, keys("f3"), history_filtered)


@pytest.mark.parametrize("size", SIZES)
def test_history_sorted_and_paged(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    # « < » once from Date de dépôt: sorted by Statut, in the workflow's order; then page 2.
    steps = (keys("f3"), keys("less_than_sign"), keys("n"))
    assert snap(snap_compare, tmp_path, clock, size, *steps)


@pytest.mark.parametrize("size", SIZES)
def test_history_filter_not_applied_yet(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    """A name typed but not applied: the line under the buttons says so."""

    async def typed(pilot: Pilot, api: Api) -> None:
        from textual.widgets import Input

        pilot.app.screen.query_one("#f-personne", Input).focus()
        await pilot.press(*"tutu")
        await settle(pilot)

    assert snap(snap_compare, tmp_path, clock, size, keys("f3"), typed)


@pytest.mark.parametrize("size", SIZES)
def test_history_empty(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    from tests.tui.test_history import forget_requests

    async def forget(pilot: Pilot, api: Api) -> None:
        forget_requests(pilot.app.server, "911")  # type: ignore[attr-defined]

    assert snap(snap_compare, tmp_path, clock, size, forget, keys("f3"), organisme="911")


@pytest.mark.parametrize("size", SIZES)
def test_export_done(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    steps = (keys("f3"), history_filtered, keys("ctrl+e"), click("#export"))
    # Under the test's own HOME (tests/conftest.py): shown as « ~/Téléchargements », the same
    # at every run, and gone with the test's folder.
    app = build_app(tmp_path, clock, downloads_dir=Path.home() / "Téléchargements")
    assert snap_compare(app, terminal_size=size, run_before=scenario(clock, *steps))


# --- details -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_detail_new_with_attachments(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap(snap_compare, tmp_path, clock, size, new_request())


@pytest.mark.parametrize("size", SIZES)
def test_detail_mas_answers(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    step = new_request("signalement", files=0, values=MAS_VALUES)
    assert snap(snap_compare, tmp_path, clock, size, step, keys("pagedown"))


@pytest.mark.parametrize("size", SIZES)
def test_detail_taken_in_charge(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap(snap_compare, tmp_path, clock, size, open_request("2633100117"))


@pytest.mark.parametrize("size", SIZES)
def test_detail_resolved_with_answer_file(snap_compare, tmp_path, clock, size) -> None:
    steps = (open_request("2633100116"), keys("pagedown"))
    assert snap(snap_compare, tmp_path, clock, size, *steps)


@pytest.mark.parametrize("size", SIZES)
def test_detail_closed(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    steps = (open_request("2633100113"), keys("pagedown"))
    assert snap(snap_compare, tmp_path, clock, size, *steps)


@pytest.mark.parametrize("size", SIZES)
def test_detail_exchange(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    assert snap(snap_compare, tmp_path, clock, size, exchange(1), keys("end"))


@pytest.mark.parametrize("size", SIZES)
def test_detail_exchange_limits_reached(snap_compare, tmp_path, clock, size) -> None:
    assert snap(snap_compare, tmp_path, clock, size, exchange(4), keys("end"))


# --- dialogs -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_complete_dialog(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    steps = (new_request(files=5), click("#complete"), keys(*" Voici les factures."))
    assert snap(snap_compare, tmp_path, clock, size, *steps)


@pytest.mark.parametrize("size", SIZES)
def test_cancel_dialog(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def reason(pilot: Pilot, api: Api) -> None:
        pilot.app.screen.query_one(RadioSet).focus()
        await pilot.press("down", "down", "enter", "ctrl+s")

    steps = (new_request("rdv", files=0), click("#cancel"), reason)
    assert snap(snap_compare, tmp_path, clock, size, *steps)


@pytest.mark.parametrize("size", SIZES)
def test_message_dialog(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    steps = (exchange(1), click("#message"), keys(*"Et pour le mois prochain ?"))
    assert snap(snap_compare, tmp_path, clock, size, *steps)


@pytest.mark.parametrize("size", SIZES)
def test_duplicate_warning(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def file_twice(pilot: Pilot, api: Api) -> None:
        await api.filed("etude")
        await open_form(pilot, "etude")
        await fill(pilot, "etude")
        await pilot.press("ctrl+s")
        for _ in range(20):  # the filing worker waits on the dialog: no settle here
            await pilot.pause()

    app = build_app(tmp_path, clock)
    assert snap_compare(app, terminal_size=size, run_before=_without_settle(clock, file_twice))


def _without_settle(clock: Clock, step: Step):
    async def run(pilot: Pilot) -> None:
        transport = LoopbackTransport(pilot.app.server)  # type: ignore[attr-defined]
        async with httpx.AsyncClient(transport=transport, base_url="http://ep.test") as http:
            await home(pilot)
            await step(pilot, Api(http, clock))

    return run


@pytest.mark.parametrize("size", SIZES)
def test_date_picker(snap_compare, tmp_path: Path, clock: Clock, size) -> None:
    async def pick(pilot: Pilot, api: Api) -> None:
        form = await open_form(pilot, "etude")
        form.query_one("#control-date_naissance", Input).focus()
        await pilot.press(*"05051960", "f9", "right")

    assert snap(snap_compare, tmp_path, clock, size, pick)
