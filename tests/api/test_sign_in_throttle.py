"""Passwords cannot be guessed by the hundred (issue 15): failed sign-ins are counted per
account and per client address (mock_server.throttle), the password is checked off the event
loop, and every refusal is a 429 problem with ``Retry-After`` — the same for an account that
does not exist. Time is the server's clock, moved by the tests: nothing waits."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from mock_server import security
from mock_server.clock import Clock
from mock_server.throttle import ACCOUNT_FAILURES, CLIENT_FAILURES, WINDOW_SECONDS
from mock_server.transport import LoopbackTransport


async def sign_in(http: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await http.post("/api/v1/session", json={"username": username, "password": password})


@pytest.fixture
async def elsewhere(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Another client address than the tests' ``api`` (127.0.0.1)."""
    transport = LoopbackTransport(app, client=("127.0.0.2", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://ep.test") as client:
        yield client


def assert_too_many(response: httpx.Response) -> int:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "too_many_attempts"
    assert "Réessayez dans" in response.json()["detail"]
    return int(response.headers["Retry-After"])


async def test_an_account_is_refused_after_five_failures_until_the_window_ends(
    http: httpx.AsyncClient, clock: Clock
) -> None:
    for _ in range(ACCOUNT_FAILURES):
        assert (await sign_in(http, "mlapierre", "faux")).status_code == 401
    # The right password waits too: answering it would let the guessing go on.
    wait = assert_too_many(await sign_in(http, "mlapierre", "demo"))
    assert 0 < wait <= WINDOW_SECONDS
    assert (await sign_in(http, "vchausson", "demo")).status_code == 201  # another account
    clock.advance(wait - 1)
    assert_too_many(await sign_in(http, "mlapierre", "demo"))
    clock.advance(1)
    assert (await sign_in(http, "mlapierre", "demo")).status_code == 201


async def test_an_unknown_account_is_answered_exactly_as_a_known_one(
    http: httpx.AsyncClient,
) -> None:
    answers = {}
    for username in ("mlapierre", "personne-inconnue"):
        for _ in range(ACCOUNT_FAILURES):
            await sign_in(http, username, "faux")
        refused = await sign_in(http, username, "faux")
        answers[username] = (refused.status_code, refused.json()["detail"],
                             refused.headers["Retry-After"])  # fmt: skip
    assert answers["mlapierre"] == answers["personne-inconnue"]


async def test_the_right_password_clears_the_accounts_count(http: httpx.AsyncClient) -> None:
    for _ in range(ACCOUNT_FAILURES - 1):
        await sign_in(http, "mlapierre", "faux")
    assert (await sign_in(http, "mlapierre", "demo")).status_code == 201
    for _ in range(ACCOUNT_FAILURES - 1):
        assert (await sign_in(http, "mlapierre", "faux")).status_code == 401


async def test_a_client_spraying_many_accounts_is_refused_not_the_others(
    http: httpx.AsyncClient, elsewhere: httpx.AsyncClient
) -> None:
    for n in range(CLIENT_FAILURES):
        assert (await sign_in(http, f"compte{n}", "faux")).status_code == 401
    assert_too_many(await sign_in(http, "mlapierre", "demo"))
    assert (await sign_in(elsewhere, "mlapierre", "demo")).status_code == 201


async def test_the_agents_sign_in_is_throttled_too(http: httpx.AsyncClient) -> None:
    for _ in range(ACCOUNT_FAILURES):
        await http.post("/api/v1/backoffice/session", json={"username": "agent331",
                                                             "password": "faux"})  # fmt: skip
    refused = await http.post(
        "/api/v1/backoffice/session", json={"username": "agent331", "password": "demo"}
    )
    assert_too_many(refused)


async def test_a_flood_checks_few_passwords_and_none_on_the_event_loop(
    http: httpx.AsyncClient, elsewhere: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 concurrent wrong sign-ins: each attempt is counted before its password is checked,
    so scrypt runs five times, not a hundred — and in worker threads, while the event loop
    goes on answering (the right password of another account, from another address)."""
    loop_thread = threading.get_ident()
    checked_on: list[int] = []
    verify = security.verify_password

    def counted(password: str, stored: str) -> bool:
        checked_on.append(threading.get_ident())
        return verify(password, stored)

    monkeypatch.setattr(security, "verify_password", counted)
    flood = [sign_in(http, "mlapierre", f"faux{n}") for n in range(100)]
    answers = await asyncio.gather(*flood, sign_in(elsewhere, "vchausson", "demo"))
    statuses = [answer.status_code for answer in answers[:-1]]
    assert statuses.count(401) == ACCOUNT_FAILURES and statuses.count(429) == 100 - 5
    assert answers[-1].status_code == 201
    assert len(checked_on) == ACCOUNT_FAILURES + 1
    assert loop_thread not in checked_on


@pytest.mark.network
@pytest.mark.parametrize("trusted", [False, True], ids=["no-proxy", "behind-a-proxy"])
def test_a_forwarded_address_is_believed_only_from_a_named_proxy(tmp_path, trusted) -> None:
    """uvicorn believes ``X-Forwarded-For`` from 127.0.0.1 by default: a local process could
    pose as many clients and never reach the per-client count. A real ``ep-mock-server``."""
    from tests.live_server import live_server

    options = ("--forwarded-allow-ips", "127.0.0.1") if trusted else ()
    with live_server(tmp_path / "store.sqlite3", *options) as url:
        statuses = [
            httpx.post(f"{url}/api/v1/session", headers={"X-Forwarded-For": f"10.0.0.{n}"},
                       json={"username": f"nobody{n}", "password": "x"}).status_code
            for n in range(CLIENT_FAILURES + 1)
        ]  # fmt: skip
    assert statuses[:CLIENT_FAILURES] == [401] * CLIENT_FAILURES
    assert statuses[-1] == (401 if trusted else 429)
