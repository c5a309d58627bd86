"""``Idempotency-Key``: the same key (for the same user) returns the same answer, never a
second request, message or upload.

The answer is recorded in the same transaction as the work it answers for, so that a crash
cannot leave work done with no record (a retry would do it twice) nor a record with no work.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass

from mock_server.problems import ProblemError

_KEY_RE = re.compile(r"[\x21-\x7e]{1,128}")
TTL_SECONDS = 7 * 86_400


@dataclass(frozen=True, slots=True)
class Replay:
    status_code: int
    body: str


def require_key(key: str | None) -> str:
    if key is None:
        raise ProblemError(
            400,
            "L'en-tête Idempotency-Key est obligatoire pour cette opération.",
            code="idempotency_key_required",
        )
    if not _KEY_RE.fullmatch(key):
        raise ProblemError(
            400,
            "Idempotency-Key invalide (1 à 128 caractères visibles).",
            code="idempotency_key_invalid",
        )
    return key


def fingerprint(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        encoded = (
            part
            if isinstance(part, bytes)
            else json.dumps(part, sort_keys=True, default=str).encode()
        )
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
    return digest.hexdigest()


def lookup(connection: sqlite3.Connection, scope: str, key: str, print_: str) -> Replay | None:
    row = connection.execute(
        "SELECT fingerprint, status_code, body FROM idempotency WHERE scope = ? AND key = ?",
        (scope, key),
    ).fetchone()
    if row is None:
        return None
    if row["fingerprint"] != print_:
        raise ProblemError(
            422,
            "Cette Idempotency-Key a déjà servi pour une autre opération.",
            code="idempotency_key_reused",
        )
    return Replay(row["status_code"], row["body"])


def record(
    connection: sqlite3.Connection,
    scope: str,
    key: str,
    print_: str,
    status_code: int,
    body: str,
    now: int,
) -> None:
    connection.execute(
        "INSERT INTO idempotency (scope, key, fingerprint, status_code, body, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (scope, key, print_, status_code, body, now),
    )


def purge(connection: sqlite3.Connection, now: int) -> None:
    connection.execute("DELETE FROM idempotency WHERE created_at < ?", (now - TTL_SECONDS,))
