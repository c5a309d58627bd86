"""The mock server's OpenAPI contract, fuzzed with schemathesis: for every operation, cases
generated from the schema (valid and invalid) never get a 5xx, and every answer — status,
content type, body — is one the schema declares. Bounded (CASES per operation, derandomised)
so that `make test` stays within CI's time; `EP_FUZZ_CASES=500 make test` digs deeper."""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, settings
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

CASES = int(os.environ.get("EP_FUZZ_CASES", "12"))
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
    the back office's own token for its operations, a technician's for the others."""
    with TestClient(SERVER) as client:
        if path.startswith("/api/v1/backoffice/"):
            token = _token(client, "/api/v1/backoffice/session", "agent331")
        else:
            token = _token(client, "/api/v1/session", "mlapierre")
    return {"Authorization": f"Bearer {token}"}


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
