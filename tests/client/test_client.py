"""The typed client: errors per field, retries only where safe, re-authentication on 401,
and logs free of personal data."""

import logging
from datetime import date

import httpx
import pytest

from ep_contract.wire import DuplicateQuery, NewRequest
from ep_tui.api_client import errors
from ep_tui.api_client.client import EPClient, HistoryQuery, RetryPolicy
from ep_tui.api_client.idempotency import new_idempotency_key
from mock_server.transport import LoopbackTransport
from tests.support import VALID_VALUES, Api


async def no_wait(_: float) -> None:
    """Backoff without waiting: the tests count attempts, not seconds."""


@pytest.fixture
async def client(app):
    async with EPClient("http://ep.test", transport=LoopbackTransport(app), sleep=no_wait) as ep:
        await ep.sign_in("mlapierre", "demo")
        yield ep


async def arm(api: Api, **fault) -> None:
    response = await api.http.post("/api/v1/_test/faults", json=fault)
    assert response.status_code == 204, response.text


async def count_requests(app) -> int:
    (count,) = app.state.server.db.one("SELECT COUNT(*) FROM requests")
    return int(count)


def rdv() -> NewRequest:
    return NewRequest(service="rdv", values=VALID_VALUES["rdv"])


async def test_field_errors_carry_a_message_per_field(client: EPClient) -> None:
    bad = NewRequest(service="rdv", values={**VALID_VALUES["rdv"], "nom": "", "telephone": "06"})
    with pytest.raises(errors.FieldErrors) as caught:
        await client.file_request("331", bad, idempotency_key=new_idempotency_key())
    assert set(caught.value.fields) == {"nom", "telephone"}
    assert caught.value.fields["nom"] == "Ce champ est obligatoire."


async def test_error_classes_by_status(client: EPClient) -> None:
    with pytest.raises(errors.NotFound):
        await client.request("2633199999")
    with pytest.raises(errors.Forbidden):
        await client.history("241")  # convention not started
    with pytest.raises(errors.BadCredentials):
        await client.sign_in("mlapierre", "wrong")


async def test_reads_are_retried_through_passing_failures(client: EPClient, api: Api) -> None:
    await arm(api, path_prefix="/api/v1/organismes/331/requests", status=503, times=2)
    page = await client.history("331", HistoryQuery(page_size=10))
    assert page.total == 150
    await arm(api, path_prefix="/api/v1/me", drop="before", times=2)
    assert (await client.me()).username == "mlapierre"


async def test_the_duplicate_check_is_a_read_and_is_retried(client: EPClient, api: Api) -> None:
    query = DuplicateQuery(service="rdv", motif="Capital décès", nom="PIRES", prenom="Marina",
                           date_naissance=date(1980, 2, 1))  # fmt: skip
    before = (await client.duplicates("331", query)).items
    await arm(api, path_prefix="/api/v1/organismes/331/duplicates", drop="before",
              times=2)  # fmt: skip
    assert (await client.duplicates("331", query)).items == before


async def test_a_sign_in_refused_by_a_restarting_server_is_tried_again(
    client: EPClient, api: Api
) -> None:
    """A 503 or a lost connection at sign-in: signing in twice does no harm (an unused
    session), so the client tries again rather than turning the technician away."""
    await arm(api, path_prefix="/api/v1/session", methods=["POST"], status=503, times=2)
    assert (await client.sign_in("mlapierre", "demo")).me.username == "mlapierre"
    await arm(api, path_prefix="/api/v1/session", methods=["POST"], drop="before", times=1)
    assert (await client.sign_in("mlapierre", "demo")).me.username == "mlapierre"


async def test_reads_give_up_after_the_last_attempt(client: EPClient, api: Api) -> None:
    await arm(api, path_prefix="/api/v1/me", status=503, times=3)
    with pytest.raises(errors.Unavailable):
        await client.me()


async def test_a_lost_answer_is_retried_and_files_once(client: EPClient, api: Api, app) -> None:
    before = await count_requests(app)
    await arm(
        api, path_prefix="/api/v1/organismes/331/requests", methods=["POST"], drop="after", times=1
    )
    detail = await client.file_request("331", rdv(), idempotency_key=new_idempotency_key())
    assert await count_requests(app) == before + 1
    assert detail.status == "Nouveau"


async def test_a_technician_retry_with_the_forms_key_files_once(app, api: Api) -> None:
    # No automatic retry at all: the failure reaches the technician, who presses VALIDER again.
    async with EPClient(
        "http://ep.test",
        transport=LoopbackTransport(app),
        retry=RetryPolicy(attempts=1),
        sleep=no_wait,
    ) as client:
        await client.sign_in("mlapierre", "demo")
        before = await count_requests(app)
        key = new_idempotency_key()  # one key for the life of the form
        await arm(
            api,
            path_prefix="/api/v1/organismes/331/requests",
            methods=["POST"],
            drop="after",
            times=1,
        )
        with pytest.raises(errors.Unavailable):
            await client.file_request("331", rdv(), idempotency_key=key)
        first = await client.file_request("331", rdv(), idempotency_key=key)
        again = await client.file_request("331", rdv(), idempotency_key=key)
        assert first.number == again.number
        assert await count_requests(app) == before + 1


async def test_writes_without_a_key_are_not_retried(client: EPClient, api: Api) -> None:
    await arm(api, path_prefix="/api/v1/requests/", methods=["POST"], status=503, times=1)
    with pytest.raises(errors.Unavailable):
        await client.close_exchange("2633100001")
    faults = (await api.http.get("/api/v1/_test/faults")).json()
    assert faults == []  # consumed by the one and only attempt


async def test_server_errors_are_unavailable_not_crashes(client: EPClient, api: Api) -> None:
    await arm(api, path_prefix="/api/v1/organismes", status=500, times=1)
    with pytest.raises(errors.Unavailable) as caught:
        await client.organismes()
    assert caught.value.status == 500


async def test_an_unreachable_server_is_named() -> None:
    async with EPClient("http://127.0.0.1:9", retry=RetryPolicy(attempts=2), sleep=no_wait) as ep:
        with pytest.raises(errors.Unavailable) as caught:
            await ep.sign_in("mlapierre", "demo")
    assert "http://127.0.0.1:9" in caught.value.message


async def test_expired_session_reauthenticates_and_goes_on(client: EPClient, api: Api) -> None:
    calls = []

    async def sign_in_again() -> bool:
        calls.append(1)
        await client.sign_in("mlapierre", "demo")
        return True

    client.reauthenticate = sign_in_again
    api.advance_days(1)  # the 8-hour session is over
    me = await client.me()
    assert me.username == "mlapierre" and calls == [1]


async def test_reauthentication_declined_raises_auth_error(client: EPClient, api: Api) -> None:
    async def decline() -> bool:
        return False

    client.reauthenticate = decline
    api.advance_days(1)
    with pytest.raises(errors.AuthError):
        await client.me()


async def test_sign_out_forgets_the_token(client: EPClient) -> None:
    await client.sign_out()
    assert client.token is None
    with pytest.raises(errors.AuthError):
        await client.me()


async def test_contract_violations_do_not_leak_the_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"secret": "PAIN François 05/10/1970"})

    async with EPClient("http://x", transport=httpx.MockTransport(handler)) as ep:
        with pytest.raises(errors.Unavailable) as caught:
            await ep.me()
    assert "PAIN" not in str(caught.value) and "contrat" in caught.value.message


async def test_texts_from_the_server_hold_nothing_a_terminal_would_obey() -> None:
    """Every string of every answer, problems included, is cleaned once in the client: no
    escape sequence, direction override or invisible character reaches a screen."""
    hostile = "CPAM\x1b]52;c;UElXTkVE\x07 GIRONDE\u202e\u200b\x85\r"
    convention = {"start": "2024-01-01", "end": None, "state": "active", "message": None,
                  "can_file": True, "flagged": False}  # fmt: skip

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/organismes"):
            return httpx.Response(200, json=[{"code": "331", "name": hostile,
                                              "convention": convention}])  # fmt: skip
        return httpx.Response(409, json={"title": "Refus", "status": 409,
                                         "detail": f"Refusé {hostile}"})  # fmt: skip

    async with EPClient("http://x", transport=httpx.MockTransport(handler)) as ep:
        (organisme,) = await ep.organismes()
        with pytest.raises(errors.ApiError) as refused:
            await ep.me()
    assert organisme.name == "CPAM]52;c;UElXTkVE GIRONDE"
    assert "\x1b" not in refused.value.message and "GIRONDE" in refused.value.message


async def test_logs_hold_no_personal_data(
    client: EPClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    values = {
        **VALID_VALUES["etude"],
        "nom": "ZARBIDOU",
        "prenom": "Anatole",
        "date_naissance": "13/07/1977",
        "telephone": "06.98.76.54.32",
        "commentaire": "Commentaire très personnel",
    }
    detail = await client.file_request(
        "331", NewRequest(service="etude", values=values), idempotency_key=new_idempotency_key()
    )
    await client.history("331", HistoryQuery(personne="ZARBIDOU Anatole"))
    query = DuplicateQuery(service="etude", motif=values["motif"], nom="ZARBIDOU",
                           prenom="Anatole", date_naissance=date(1977, 7, 13))  # fmt: skip
    assert [d.number for d in (await client.duplicates("331", query)).items] == [detail.number]
    await client.request(detail.number)
    logged = caplog.text
    assert "/api/v1/organismes/331/requests" in logged  # the client does log its calls…
    for secret in (
        "ZARBIDOU",
        "Anatole",
        "13/07/1977",
        "1977-07-13",
        "06.98.76.54.32",
        "personnel",
        "demo",
        client.token or "no token",
    ):
        assert secret not in logged  # …but nothing personal, no password, no token


async def test_the_client_says_when_an_answer_was_a_replay() -> None:
    """``Idempotent-Replayed: true``: an earlier call with the same key did the work; the
    command line says « déjà fait » rather than « fait »."""
    replays = iter([True, False])

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Idempotent-Replayed": "true"} if next(replays) else {}
        return httpx.Response(204, headers=headers)

    async with EPClient("http://x", transport=httpx.MockTransport(handler)) as ep:
        ep.token = "t"
        await ep.sign_out()
        assert ep.replayed
        ep.token = "t"
        await ep.sign_out()
        assert not ep.replayed
