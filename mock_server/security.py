"""Passwords (scrypt, salted) and bearer tokens (random, stored hashed, expiring, revocable)."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import secrets

# scrypt's cost: ~20 ms a check on the reference machine, enough for a mock and for tests.
_N, _R, _P = 2**14, 8, 1
TOKEN_TTL_SECONDS = 8 * 3600
"""A session lasts a working day; the client re-authenticates when it ends (401)."""


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt_b64, digest_b64 = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    salt = base64.b64decode(salt_b64)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


_CHECKS_AT_ONCE = os.cpu_count() or 1
_checks: asyncio.Semaphore | None = None


async def check_password(password: str, stored: str) -> bool:
    """:func:`verify_password` in a worker thread, a core's worth at a time: scrypt holds
    the thread ~20 ms and 16 MiB, and on the event loop every other request (a ``GET /me``:
    4 ms) waited behind it — 10.8 s during a flood of wrong passwords."""
    global _checks
    if _checks is None:
        _checks = asyncio.Semaphore(_CHECKS_AT_ONCE)
    async with _checks:
        return await asyncio.to_thread(verify_password, password, stored)


# Checked against when the user does not exist, so that timing does not tell which users do.
DUMMY_HASH = hash_password("not a real password", salt=b"\x00" * 16)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
