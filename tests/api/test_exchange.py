"""After resolution: the answer, received attachments, and the follow-up exchange."""

from datetime import datetime

from mock_server.clock import PARIS
from tests.support import Api


async def resolved(api: Api, files: int = 0) -> str:
    number = (await api.filed("etude"))["number"]
    await api.take(number)
    ids = [await api.uploaded(f"Réponse {i}.pdf", agent="331") for i in range(files)]
    await api.resolve(number, "Les droits sont ouverts.", ids)
    return number


async def message(api: Api, number: str, body: str = "Une question.", files: list | None = None):
    return await api.post(
        f"/api/v1/requests/{number}/messages", {"body": body, "attachment_ids": files or []}
    )


async def answer(api: Api, number: str) -> None:
    response = await api.agent_post(
        f"/requests/{number}/messages", {"body": "Réponse.", "attachment_ids": []}
    )
    assert response.status_code == 204, response.text


async def test_resolution_shows_the_answer_and_opens_the_exchange(api: Api) -> None:
    number = await resolved(api, files=1)
    detail = (await api.detail(number)).json()
    assert detail["status"] == "Résolu" and detail["response"] == "Les droits sont ouverts."
    assert detail["exchange"]["open"] is True and detail["actions"]["message"] is True
    received = detail["attachments_received"]
    assert [a["name"] for a in received] == ["Réponse 0.pdf"] and received[0]["available"]


async def test_no_message_before_resolution(api: Api) -> None:
    number = (await api.filed("etude"))["number"]
    response = await message(api, number)
    assert response.status_code == 409
    assert (await api.detail(number)).json()["exchange"]["closed_reason"] == (
        "L'échange de messages est possible une fois la demande résolue."
    )


async def test_statuses_of_the_exchange(api: Api) -> None:
    number = await resolved(api)
    assert (await message(api, number)).json()["status"] == "Message envoyé"
    # One question at a time: wait for the answer.
    second = await message(api, number)
    assert second.status_code == 409 and second.json()["code"] == "awaiting_answer"
    await answer(api, number)
    assert (await api.detail(number)).json()["status"] == "Message reçu"
    closed = await api.post(f"/api/v1/requests/{number}/exchange/close", key=False)
    assert closed.json()["status"] == "Clôturé"
    assert closed.json()["exchange"]["closed_reason"] == "L'échange a été clôturé."
    assert (await message(api, number)).json()["code"] == "exchange_closed"


async def test_four_round_trips_at_most(api: Api) -> None:
    number = await resolved(api)
    for _ in range(4):
        assert (await message(api, number)).status_code == 201
        await answer(api, number)
    fifth = await message(api, number)
    assert fifth.status_code == 409 and fifth.json()["code"] == "round_trips_exhausted"
    detail = (await api.detail(number)).json()
    assert detail["exchange"]["round_trips_used"] == 4
    assert "4 allers-retours" in detail["exchange"]["closed_reason"]
    assert len(detail["messages"]) == 8


async def test_eight_extra_attachments_at_most_in_the_exchange(api: Api) -> None:
    number = await resolved(api)
    five = [await api.uploaded(f"m{i}.pdf") for i in range(5)]
    assert (await message(api, number, files=five)).status_code == 201
    await answer(api, number)
    four = [await api.uploaded(f"n{i}.pdf") for i in range(4)]
    response = await message(api, number, files=four)
    assert response.json()["errors"]["attachment_ids"].endswith("3 de plus au plus.")
    assert (await message(api, number, files=four[:3])).status_code == 201
    detail = (await api.detail(number)).json()
    assert detail["exchange"]["attachments_used"] == 8
    assert detail["messages"][0]["attachments"] == [f"m{i}.pdf" for i in range(5)]


LAST_SECOND = datetime(2026, 12, 7, 23, 59, 59, tzinfo=PARIS)
"""Resolved on 22 November at 10h (tests/conftest.NOW): the 15th day is 7 December, to its end."""


def until_last_second(api: Api) -> None:
    api.clock.advance((LAST_SECOND - api.clock.now()).total_seconds())
    api.advance_days(0)  # the next calls sign in again


async def test_exchange_closes_at_the_end_of_the_fifteenth_day(api: Api) -> None:
    """15 × 24 h after 10h would close it at 10h on the 15th day: the portal counts days,
    the 15th to its end, Paris time."""
    number = await resolved(api)
    until_last_second(api)
    detail = (await api.detail(number)).json()
    assert detail["status"] == "Résolu" and detail["exchange"]["open"] is True
    assert datetime.fromisoformat(detail["exchange"]["closes_at"]) == LAST_SECOND
    api.clock.advance(1)
    detail = (await api.detail(number)).json()
    assert detail["exchange"]["open"] is False and "15 jours" in detail["exchange"]["closed_reason"]
    assert (await message(api, number)).json()["code"] == "exchange_closed"
    api.clock.advance(60)  # the status follows at the next sweep, once a minute
    assert (await api.detail(number)).json()["status"] == "Clôturé"


async def test_a_pending_question_is_answered_after_the_deadline(api: Api) -> None:
    number = await resolved(api)
    api.advance_days(14)
    assert (await message(api, number)).status_code == 201
    api.advance_days(3)
    assert (await api.detail(number)).json()["status"] == "Message envoyé"  # still waiting
    await answer(api, number)
    assert (await api.detail(number)).json()["status"] == "Clôturé"


async def test_received_attachments_download_for_fifteen_days(api: Api) -> None:
    number = await resolved(api, files=1)
    attachment = (await api.detail(number)).json()["attachments_received"][0]
    path = f"/api/v1/requests/{number}/attachments/{attachment['id']}"
    response = await api.http.get(path, headers=await api.login())
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        (response.headers["content-disposition"])
        == "attachment; filename*=UTF-8''R%C3%A9ponse%200.pdf"
    )
    assert (await api.http.get(path, headers=await api.login("jbernard"))).status_code == 404
    until_last_second(api)
    assert (await api.http.get(path, headers=await api.login())).status_code == 200
    assert datetime.fromisoformat(attachment["available_until"]) == LAST_SECOND
    api.clock.advance(1)
    expired = await api.http.get(path, headers=await api.login())
    assert expired.status_code == 410 and expired.json()["code"] == "download_expired"
    assert (await api.detail(number)).json()["attachments_received"][0]["available"] is False


async def test_sent_attachments_are_never_served_back(api: Api) -> None:
    upload = await api.uploaded("mine.pdf")
    number = (await api.filed("etude", attachment_ids=[upload]))["number"]
    response = await api.http.get(
        f"/api/v1/requests/{number}/attachments/{upload}", headers=await api.login()
    )
    assert response.status_code == 404


def test_the_window_counts_calendar_days_across_a_change_of_time() -> None:
    from mock_server.repository import last_second_of_window

    resolved = int(datetime(2026, 10, 20, 10, 0, tzinfo=PARIS).timestamp())  # summer time
    last = datetime(2026, 11, 4, 23, 59, 59, tzinfo=PARIS)  # winter time since 25 October
    assert last_second_of_window(resolved, 15) == int(last.timestamp())
