"""The demo's simulated agent (issue 17, point 7): the requests filed in a demonstration live
on — driven by the mock clock, never by waiting."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi import FastAPI

from mock_server import demo_texts
from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from mock_server.demo_agent import REPLY_AFTER, RESOLVE_AFTER, TAKE_AFTER
from tests.support import MAS_VALUES, Api


@pytest.fixture
def app(clock: Clock) -> FastAPI:
    return create_app(Database(":memory:"), clock=clock, test_controls=True, demo_agent=True)


async def detail(api: Api, number: str) -> dict:
    response = await api.detail(number)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def mails(api: Api, number: str) -> list[str]:
    headers = await api.agent()
    response = await api.http.get(
        "/api/v1/backoffice/outbox", params={"request_number": number}, headers=headers
    )
    return [mail["kind"] for mail in response.json()]


async def test_a_new_request_is_taken_in_charge_after_a_minute_then_resolved(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    api.clock.advance(TAKE_AFTER - 1)
    assert (await detail(api, number))["status"] == "Nouveau"
    api.clock.advance(1)
    taken = await detail(api, number)
    assert taken["status"] == "Pris en charge"
    assert await mails(api, number) == ["prise_en_charge"]
    api.clock.advance(RESOLVE_AFTER)
    done = await detail(api, number)
    assert done["status"] == "Résolu" and done["response"]
    assert await mails(api, number) == ["prise_en_charge", "resolution"]


async def test_a_demo_left_alone_finds_each_step_at_the_instant_it_was_due(api: Api) -> None:
    filed = await api.filed("etude")
    api.clock.advance(3600)
    done = await detail(api, filed["number"])
    assert done["status"] == "Résolu"
    took = datetime.fromisoformat(done["status_at"]) - datetime.fromisoformat(filed["filed_at"])
    assert took.total_seconds() == TAKE_AFTER + RESOLVE_AFTER


async def test_no_prise_en_charge_mail_for_the_mas_motif(api: Api) -> None:
    number = (await api.filed("signalement", values=MAS_VALUES))["number"]
    api.clock.advance(TAKE_AFTER + RESOLVE_AFTER)
    assert (await detail(api, number))["status"] == "Résolu"
    assert await mails(api, number) == ["resolution"]


async def test_the_answer_comes_with_the_file_it_speaks_of(api: Api) -> None:
    numbers = [(await api.filed("etude"))["number"] for _ in range(2)]
    api.clock.advance(TAKE_AFTER + RESOLVE_AFTER)
    seen = set()
    for number in numbers:
        done = await detail(api, number)
        with_file = demo_texts.mentions_attachment(done["response"])
        assert bool(done["attachments_received"]) == with_file, done["response"]
        seen.add(with_file)
    assert seen == {True, False}  # both kinds of answer among two requests


async def test_a_follow_up_message_is_answered(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    api.clock.advance(TAKE_AFTER + RESOLVE_AFTER)
    sent = await api.post(f"/api/v1/requests/{number}/messages",
                          {"body": "Une question.", "attachment_ids": []})  # fmt: skip
    assert sent.status_code in {200, 201}, sent.text
    api.clock.advance(REPLY_AFTER - 1)
    assert (await detail(api, number))["status"] == "Message envoyé"
    api.clock.advance(60)  # the agent looks once per clock-minute
    answered = await detail(api, number)
    assert answered["status"] == "Message reçu"
    assert answered["messages"][-1]["author"] == "organisme"


async def test_the_seeds_requests_keep_their_statuses(app: FastAPI, api: Api) -> None:
    def statuses() -> list[tuple[int, str, int]]:
        return [tuple(row) for row in app.state.server.db.connection.execute(
            "SELECT id, status, status_at FROM requests ORDER BY id")]  # fmt: skip

    before = statuses()
    assert {"Nouveau", "Pris en charge", "Message envoyé"} <= {s for _, s, _ in before}
    api.advance_days(0.5)
    assert (await api.history()).status_code == 200  # the agent acts when someone calls
    assert statuses() == before


async def test_off_by_default(clock: Clock) -> None:
    import httpx

    from mock_server.transport import LoopbackTransport

    still = create_app(Database(":memory:"), clock=clock)
    async with httpx.AsyncClient(transport=LoopbackTransport(still),
                                 base_url="http://ep.test") as http:  # fmt: skip
        api = Api(http, clock)
        number = (await api.filed("etude"))["number"]
        api.clock.advance(3600)
        assert (await detail(api, number))["status"] == "Nouveau"
