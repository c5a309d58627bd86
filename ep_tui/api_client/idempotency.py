"""The ``Idempotency-Key`` of a write: how a retry, or a draft sent again after a crash,
files once (docs/API.md)."""

from __future__ import annotations

import uuid


def new_idempotency_key() -> str:
    """A fresh key: one per intent (a form, a cancellation, a message), kept with its draft."""
    return uuid.uuid4().hex
