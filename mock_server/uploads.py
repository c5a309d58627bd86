"""Uploads: checked by extension *and* content signature and size, stored until attached."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3

from ep_contract.domain.attachments import (
    CONTENT_TYPES,
    check_attachment,
    extension_of,
    safe_filename,
)
from ep_contract.wire import Attachment
from mock_server.clock import at
from mock_server.problems import ProblemError


def store_upload(
    connection: sqlite3.Connection,
    owner_role: str,
    owner_id: int,
    structure_id: int | None,
    name: str,
    content: bytes,
    now: int,
) -> Attachment:
    name = safe_filename(name)
    error = check_attachment(name, content)
    if error:
        status = 413 if "taille maximum" in error else 415 if "Type" in error else 422
        raise ProblemError(status, error, code="attachment_refused", errors={"file": error})
    attachment_id = "pj_" + secrets.token_urlsafe(12)
    content_type = CONTENT_TYPES[extension_of(name)]
    connection.execute(
        "INSERT INTO attachments (id, owner_role, owner_id, structure_id, name, content_type,"
        " size, sha256, content, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            attachment_id,
            owner_role,
            owner_id,
            structure_id,
            name,
            content_type,
            len(content),
            hashlib.sha256(content).hexdigest(),
            content,
            now,
        ),
    )
    return Attachment(
        id=attachment_id,
        name=name,
        size=len(content),
        content_type=content_type,
        uploaded_at=at(now),
    )
