"""What the routes share: running a write under an Idempotency-Key."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from fastapi import Response
from pydantic import BaseModel

from mock_server import idempotency
from mock_server.state import ServerState

IDEMPOTENCY_HEADER_DOC = (
    "Required. The same key returns the same answer and never does the work twice."
)


def idempotent_write(
    state: ServerState,
    scope: str,
    key: str | None,
    fingerprint: str,
    status_code: int,
    operation: Callable[[sqlite3.Connection], BaseModel | None],
) -> Response:
    """Run ``operation`` in one transaction with the record of its answer under ``key``."""
    key = idempotency.require_key(key)
    with state.db.transaction() as connection:
        replay = idempotency.lookup(connection, scope, key, fingerprint)
        if replay is None:
            result = operation(connection)
            body = result.model_dump_json() if result is not None else ""
            idempotency.record(
                connection, scope, key, fingerprint, status_code, body, state.clock.timestamp()
            )
            return _response(status_code, body, replayed=False)
    return _response(replay.status_code, replay.body, replayed=True)


def _response(status_code: int, body: str, *, replayed: bool) -> Response:
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    if not body:
        return Response(status_code=status_code, headers=headers)
    return Response(body, status_code=status_code, media_type="application/json", headers=headers)
