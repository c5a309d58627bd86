"""The reading commands' way to the server without pydantic (ep_tui.cli.plain): its schema is
the models', it reads what the models read and refuses what they refuse, and a server that
fails or lies ends in the French line and exit code of the app's client."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from ep_contract import wire
from ep_contract.domain.convention import ConventionState
from ep_contract.domain.statuses import Status
from ep_tui.api_client import errors
from ep_tui.api_client.retry import RetryPolicy
from ep_tui.cli import plain, schema

GOLDEN = Path(__file__).parent / "cli_golden"

ORGANISME = {
    "code": "331",
    "name": "CPAM GIRONDE",
    "convention": {"start": "2021-01-01", "end": None, "state": "active", "message": None,
                   "can_file": True, "flagged": False},
}  # fmt: skip
SUMMARY = {
    "number": "2633100117", "organisme_code": "331", "service_code": "etude",
    "service_title": "Étude de dossier", "motif": None, "person": "Madame PERRIN Manon",
    "requester": "CHAUSSON Victor", "filed_at": "2026-11-18T14:38:00Z", "status": "Nouveau",
    "status_at": "2026-11-18T14:38:00.250000+01:00",
}  # fmt: skip


def test_the_schema_file_is_the_models_own() -> None:
    """Fails when a model changes without ``python -m ep_tui.cli.schema``."""
    assert schema.PATH.read_text(encoding="utf-8") == schema.text()


def test_a_request_reads_and_prints_as_pydantic_does() -> None:
    document = json.loads((GOLDEN / "hostile-detail.json").read_text(encoding="utf-8"))
    decoded = plain.schema().decode("RequestDetail", document)
    expected = wire.RequestDetail.model_validate(document)
    assert plain.jsonable(decoded) == expected.model_dump(mode="json")
    assert decoded.status is expected.status and isinstance(decoded.status, Status)
    assert decoded.filed_at == expected.filed_at and decoded.filed_at.tzinfo is not None
    assert decoded.actions.cancel is expected.actions.cancel


def test_moments_and_days_come_back_as_pydantic_writes_them() -> None:
    decoded = plain.schema().decode("RequestSummary", SUMMARY)
    expected = wire.RequestSummary.model_validate(SUMMARY).model_dump(mode="json")
    assert plain.jsonable(decoded) == expected
    assert decoded.filed_at == datetime(2026, 11, 18, 14, 38, tzinfo=UTC)
    organisme = plain.schema().decode("Organisme", ORGANISME)
    assert organisme.convention.start == date(2021, 1, 1)
    assert organisme.convention.state is ConventionState.ACTIVE


def _changed(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(document))
    *parents, last = path.split(".")
    node = copy
    for key in parents:
        node = node[key]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return copy


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("code", 331),  # a number for a string
        ("name", None),  # null where the model has no None
        ("convention.state", "maybe"),  # outside the enumeration
        ("convention.start", "01/01/2021"),  # not an ISO day
        ("convention.end", "2026-02-30"),  # a day that does not exist
        ("convention.flagged", KeyError),  # a required property missing
        ("convention.colour", "red"),  # a property the model does not know
        ("convention", []),  # a list for an object
    ],
)
def test_what_the_models_refuse_is_refused(path: str, value: Any) -> None:
    document = _changed(ORGANISME, path, value)
    with pytest.raises(ValidationError):
        wire.Organisme.model_validate(document)
    with pytest.raises(plain.Unreadable) as refused:
        plain.schema().decode("Organisme", document)
    assert refused.value.where.startswith("Organisme")


def test_a_type_is_read_strictly_where_pydantic_would_convert() -> None:
    """pydantic's lax mode takes 1 for true and "2" for 2; a server of the API never sends
    them, so the command line refuses them rather than guess."""
    for path, value in (("convention.can_file", 1), ("convention.flagged", "false")):
        with pytest.raises(plain.Unreadable):
            plain.schema().decode("Organisme", _changed(ORGANISME, path, value))
    with pytest.raises(plain.Unreadable):
        plain.schema().decode("HistoryPage", {"items": [], "total": "2", "page": 1,
                                              "page_size": 20, "pages": 1,
                                              "sort": "filed_at", "order": "desc"})  # fmt: skip


def test_an_options_length_is_checked_as_the_query_model_does() -> None:
    from ep_contract.queries import HistoryQuery

    with pytest.raises(ValidationError):
        HistoryQuery(personne="x" * 61)
    with pytest.raises(plain.Unreadable) as refused:
        plain.schema().decode("HistoryQuery", {"personne": "x" * 61})
    assert refused.value.where == "HistoryQuery.personne"
    assert plain.schema().decode("HistoryQuery", {"personne": "x" * 60}).personne == "x" * 60


def test_what_the_schema_leaves_out_takes_the_models_default() -> None:
    problem = plain.schema().decode("Problem", {"title": "Non", "status": 409, "extra": 1})
    assert (problem.errors, problem.detail, problem.type) == ({}, None, "about:blank")


def _reader(handler: Any) -> plain.Reader:
    return plain.Reader("http://ep.test", httpx.MockTransport(handler),
                        retry=RetryPolicy(attempts=2, base_delay=0))  # fmt: skip


def test_an_answer_the_schema_does_not_describe_is_a_broken_contract() -> None:
    reader = _reader(lambda request: httpx.Response(200, json=[{"code": "331"}]))
    with pytest.raises(errors.Unavailable, match="contrat non respecté"):
        reader.get("list[Organisme]", "/api/v1/organismes")
    reader = _reader(lambda request: httpx.Response(200, content=b"<html>proxy</html>"))
    with pytest.raises(errors.Unavailable, match="contrat non respecté"):
        reader.get("list[Organisme]", "/api/v1/organismes")


def test_a_refusal_keeps_its_fields_and_a_failure_without_body_its_status() -> None:
    problem = {"title": "Requête invalide", "status": 422, "detail": "Refusé.",
               "errors": {"personne": "60 caractères au plus"}}  # fmt: skip
    reader = _reader(lambda request: httpx.Response(422, json=problem))
    with pytest.raises(errors.FieldErrors) as refused:
        reader.get("HistoryPage", "/x")
    assert refused.value.fields == {"personne": "60 caractères au plus"}
    reader = _reader(lambda request: httpx.Response(500, content=b"boom"))
    with pytest.raises(errors.Unavailable, match="répondu 500"):
        reader.get("HistoryPage", "/x")


def test_a_read_is_tried_again_after_a_gateway_error_or_a_lost_connection() -> None:
    answers: list[Any] = [httpx.Response(503), httpx.Response(200, json=[ORGANISME])]

    def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    assert _reader(handler).get("list[Organisme]", "/o")[0].name == "CPAM GIRONDE"

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(errors.Unavailable, match="ne répond pas .connexion impossible."):
        _reader(unreachable).get("list[Organisme]", "/o")


def test_text_from_the_server_is_made_fit_for_a_terminal_before_it_is_read() -> None:
    hostile = _changed(ORGANISME, "name", "CPAM\x1b]52;c;cm0gLXJm\x07 GIRONDE\u202e")
    reader = _reader(lambda request: httpx.Response(200, json=[hostile]))
    name = reader.get("list[Organisme]", "/o")[0].name
    assert "\x1b" not in name and "\u202e" not in name and "GIRONDE" in name


def test_signing_out_that_fails_does_not_fail_the_command() -> None:
    session = {"token": "t", "expires_at": "2026-11-22T12:00:00Z", "me": {
        "id": 1, "username": "mlapierre", "first_name": "Marie", "last_name": "LAPIERRE",
        "structure": {"id": 1, "name": "CCAS"}, "newsletter": False}}  # fmt: skip

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(201, json=session)
        if request.method == "DELETE":
            return httpx.Response(500)
        assert request.headers["Authorization"] == "Bearer t"
        return httpx.Response(200, json=[ORGANISME])

    transport = httpx.MockTransport(handler)
    with plain.signed_in("http://ep.test", "mlapierre", "demo", transport) as reader:
        found = reader.get("list[Organisme]", "/api/v1/organismes")
    assert [o.code for o in found] == ["331"] and reader.token is None


def test_the_demos_in_process_server_answers_the_synchronous_client() -> None:
    """The demo's transport is asynchronous; ``Blocking`` lends it to httpx.Client, a body
    sent and a body read."""

    class Echo(httpx.AsyncBaseTransport):
        closed = False

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            body = await request.aread()
            return httpx.Response(200, json={"got": body.decode(), "path": request.url.path})

        async def aclose(self) -> None:
            Echo.closed = True

    with httpx.Client(base_url="http://demo", transport=plain.Blocking(Echo())) as client:
        answer = client.post("/api/v1/session", json={"username": "mlapierre"}).json()
    assert answer == {"got": '{"username":"mlapierre"}', "path": "/api/v1/session"}
    assert Echo.closed


@pytest.mark.parametrize(
    ("node", "text"),
    [
        ("RequestSummary", "20261118T143800Z"),  # the basic form fromisoformat takes
        ("RequestSummary", "2026-W47-3T14:38:00Z"),  # a week date
        ("RequestSummary", "2026-11-18T14:38:00+00:00:30"),  # an offset in seconds
        ("Organisme", "2026-W01-1"),  # a week date for a day
    ],
)
def test_only_rfc_3339_moments_and_days_are_read(node: str, text: str) -> None:
    document = (
        {**SUMMARY, "filed_at": text}
        if node == "RequestSummary"
        else _changed(ORGANISME, "convention.start", text)
    )
    with pytest.raises(ValidationError):
        getattr(wire, node).model_validate(document)
    with pytest.raises(plain.Unreadable):
        plain.schema().decode(node, document)


def test_numbers_read_as_pydantic_reads_them() -> None:
    page = {"items": [], "total": 1e3, "page": 1, "page_size": 20, "pages": 1.0,
            "sort": "filed_at", "order": "desc"}  # fmt: skip
    decoded = plain.schema().decode("HistoryPage", page)
    assert (decoded.total, type(decoded.total)) == (1000, int)
    assert plain.jsonable(decoded) == wire.HistoryPage.model_validate(page).model_dump(mode="json")
    with pytest.raises(plain.Unreadable):
        plain.schema().decode("HistoryPage", {**page, "total": 2.5})


def test_an_enumeration_is_the_domains_only_where_the_schema_names_it() -> None:
    page = {"items": [SUMMARY], "total": 1, "page": 1, "page_size": 20, "pages": 1,
            "sort": "status", "order": "desc"}  # fmt: skip
    decoded = plain.schema().decode("HistoryPage", page)
    assert decoded.items[0].status is Status.NOUVEAU
    assert type(decoded.sort) is str  # a Literal: its title is the field's, « Sort »


def test_what_the_server_sends_as_its_status_does_not_choose_the_exit_code() -> None:
    lying = {"title": "t", "status": 200, "detail": "t"}
    with pytest.raises(errors.Unavailable):
        _reader(lambda request: httpx.Response(500, json=lying)).get("HistoryPage", "/x")
    moved = httpx.Response(302, headers={"Location": "http://ailleurs.invalid/"})
    with pytest.raises(errors.Unavailable, match="renvoie ailleurs .302."):
        _reader(lambda request: moved).get("HistoryPage", "/x")


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"[" * 100_000 + b"]" * 100_000, {}),  # nested past Python's recursion limit
        (b"pas du gzip", {"Content-Encoding": "gzip"}),
    ],
    ids=["deeply nested", "not the encoding it says"],
)
def test_an_answer_that_cannot_be_read_is_a_broken_contract(
    body: bytes, headers: dict[str, str]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, stream=httpx.ByteStream(body))

    with pytest.raises(errors.Unavailable, match="contrat non respecté"):
        _reader(handler).get("list[Organisme]", "/o")


SESSION = {"token": "t", "expires_at": "2026-11-22T12:00:00Z", "me": {
    "id": 1, "username": "mlapierre", "first_name": "Marie", "last_name": "LAPIERRE",
    "structure": {"id": 1, "name": "CCAS"}, "newsletter": False}}  # fmt: skip


@pytest.mark.parametrize("token", ["a b", "ligne\nautre", "tocé", ""])
def test_a_token_that_cannot_go_into_a_header_is_a_broken_contract(token: str) -> None:
    reader = _reader(lambda request: httpx.Response(201, json={**SESSION, "token": token}))
    with pytest.raises(errors.Unavailable, match="contrat non respecté"):
        reader.sign_in("mlapierre", "demo")


def test_signing_out_is_tried_once_and_briefly() -> None:
    seen: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(201, json=SESSION)
        seen.append(request.extensions["timeout"]["read"])
        return httpx.Response(503)

    reader = _reader(handler)
    reader.sign_in("mlapierre", "demo")
    with pytest.raises(errors.Unavailable):
        reader.sign_out()
    assert seen == [plain.SIGN_OUT_TIMEOUT] and reader.token is None


@pytest.mark.parametrize("address", ["https://[::1", "https://xn--/"])
def test_an_address_no_request_can_reach_is_said_so(address: str) -> None:
    with pytest.raises(plain.BadAddress):
        plain.Reader(address).get("list[Organisme]", "/api/v1/organismes")


@pytest.fixture
def repeating_server() -> Any:
    """A server on loopback that answers every page of the history with its first, and
    counts how many it was asked."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            self.rfile.read(int(self.headers["Content-Length"]))
            self._answer(201, SESSION)

        def do_GET(self) -> None:  # noqa: N802
            asked.append(self.path)
            self._answer(200, {"items": [SUMMARY], "total": 3, "page": 1, "page_size": 1,
                               "pages": 3, "sort": "filed_at", "order": "desc"})  # fmt: skip

        def do_DELETE(self) -> None:  # noqa: N802
            self._answer(200, {})

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def test_every_page_stops_at_a_server_that_repeats_one(
    repeating_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from ep_tui.cli.main import run

    url, asked = repeating_server
    monkeypatch.setattr("sys.stdin", io.StringIO("demo\n"))
    out, err = io.StringIO(), io.StringIO()
    code = run(["demandes", "--serveur", url, "--identifiant", "mlapierre", "--organisme",
                "331", "--tout", "--mot-de-passe-stdin"], out, err)  # fmt: skip
    assert (code, out.getvalue()) == (6, "")
    assert "contrat non respecté" in err.getvalue()
    assert len(asked) == 2  # the first page, then the second which came back as the first
