"""The mock server's OpenAPI contract, fuzzed with schemathesis: for every operation, cases
generated from the schema (valid and invalid) never get a 5xx, and every answer — status,
content type, body — is one the schema declares. Bounded (CASES per operation, derandomised)
so that `make test` stays within CI's time; `EP_FUZZ_CASES=500 make test` digs deeper
(docs/SECURITY.md records such a run).

Schemathesis draws strings a codec can write and numbers the schema allows; the inputs that
answered 500 were neither (issue 15). So one generated case in three has one of its texts or
numbers replaced by a hostile one (``HOSTILE_TEXTS``, ``HOSTILE_NUMBERS``), and the known
culprits are replayed on every run (``SEEDS``)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.testclient import TestClient

from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from tests.conftest import NOW
from tests.support import VALID_VALUES

CASES = int(os.environ.get("EP_FUZZ_CASES", "12"))
HOSTILE_TEXTS = [
    "\ud800", "fin \udfff", "a\x00b", "\x00", "\u202eEVIL", "\u200b", "\x1b]52;c;UElXTkVE\x07",
    "|", "9999-12-31", "0001-01-01", "x" * 10_000, "' OR 1=1 --", '"', "%", "[/]",
]  # fmt: skip
HOSTILE_NUMBERS = [2**63, -(2**63), 2**64, 10**30, -1, 0]
# Test controls off, as the server runs by default: the fuzzer must not find them either.
SERVER = create_app(Database(":memory:"), clock=Clock(frozen_at=NOW), test_controls=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", SERVER)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _token(client: TestClient, path: str, username: str) -> str:
    answer = client.post(path, json={"username": username, "password": "demo"})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["token"])


def _headers(path: str) -> dict[str, str]:
    """A fresh session for each case (a fuzzed sign-out must not disarm the next cases):
    the back office's own token for its operations, a technician's for the others. Signed in
    from an address of its own: the fuzzed sign-ins' failures lock theirs (mock_server.throttle)."""
    with TestClient(SERVER, client=("harness.invalid", 1)) as client:
        if path.startswith("/api/v1/backoffice/"):
            token = _token(client, "/api/v1/backoffice/session", "agent331")
        else:
            token = _token(client, "/api/v1/session", "mlapierre")
    return {"Authorization": f"Bearer {token}"}


def _leaves(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        yield path, value


def _replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(copy[path[0]], path[1:], new)
    return copy


def _spiked(value: Any, texts: list[str]) -> st.SearchStrategy:
    """The value as generated, or (one time in three) with one leaf made hostile."""
    leaves = list(_leaves(value))
    if not leaves:
        return st.just(value)

    def spike(choice: tuple[tuple[tuple, Any], int]) -> Any:
        (path, old), index = choice
        pool = texts if isinstance(old, str) else HOSTILE_NUMBERS
        return _replaced(value, path, pool[index % len(pool)])

    spiked = st.tuples(st.sampled_from(leaves), st.integers(0, 1000)).map(spike)
    return st.one_of(st.just(value), st.just(value), spiked)


# Half a UTF-16 pair can be written in JSON (« \\ud800 ») but not in UTF-8: a URL or a
# multipart form cannot carry one — the client would fail before sending.
ENCODABLE_TEXTS = [t for t in HOSTILE_TEXTS if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]


@schema.hook
def flatmap_body(context: schemathesis.HookContext, body: Any) -> st.SearchStrategy:
    operation = context.operation
    json_body = operation is None or any(
        "json" in alternative.media_type for alternative in operation.body
    )
    return _spiked(body, HOSTILE_TEXTS if json_body else ENCODABLE_TEXTS)


@schema.hook
def flatmap_query(context: schemathesis.HookContext, query: Any) -> st.SearchStrategy:
    return _spiked(query, ENCODABLE_TEXTS)


@schema.parametrize()
@settings(
    max_examples=CASES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_every_answer_as_declared(case: schemathesis.Case) -> None:
    headers = {**_headers(case.path), **(case.headers or {})}
    case.call_and_validate(headers=headers, checks=CHECKS)


# The inputs that answered 500 before issue 15, each through the same checks as the fuzzing.
SEEDS = [
    ("/api/v1/organismes/{code}/requests", "GET", {"personne": "TU\x00TU"}, None),
    ("/api/v1/organismes/{code}/requests", "GET", {"demandeur": "\x00"}, None),
    ("/api/v1/organismes/{code}/requests", "GET", {"depot_debut": "9999-12-31"}, None),
    ("/api/v1/organismes/{code}/requests", "GET", {"depot_fin": "9999-12-31"}, None),
    ("/api/v1/organismes/{code}/news", "GET", {"offset": 2**63}, None),
    ("/api/v1/backoffice/requests", "GET", {"offset": 2**63}, None),
    ("/api/v1/requests/{number}/complement", "POST", None,
     {"comment": "\ud800", "attachment_ids": []}),
    ("/api/v1/requests/{number}/messages", "POST", None, {"body": "\ud800", "attachment_ids": []}),
    ("/api/v1/organismes/{code}/requests", "POST", None,
     {"service": "etude", "values": {**VALID_VALUES["etude"], "commentaire": "\ud800"}}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "method", "query", "body"), SEEDS)
def test_the_inputs_that_answered_500_are_refused_as_declared(
    path: str, method: str, query: dict | None, body: dict | None
) -> None:
    operation = schema[path][method]
    parameters = {"code": "331", "number": "2633100001"}
    given: dict[str, Any] = {"query": query} if query else {"body": body}
    if method == "POST":
        given["headers"] = {"Idempotency-Key": "seed"}
    case = operation.Case(
        path_parameters={k: v for k, v in parameters.items() if "{" + k + "}" in path}, **given
    )
    headers = {**_headers(case.path), **(case.headers or {})}
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    assert response.status_code == 422, response.text
