"""Uploads, separate from the requests that reference them by id (a retry never re-sends
40 MB): the technician's and the agent's."""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.responses import Response

from ep_contract.domain.attachments import MAX_SIZE
from ep_contract.wire import Attachment
from mock_server.auth import AgentContext, TechnicianContext, agent_context, technician_context
from mock_server.clock import at
from mock_server.idempotency import fingerprint
from mock_server.problems import ProblemError
from mock_server.routes.common import idempotent_write
from mock_server.routes.requests import IdempotencyKey
from mock_server.state import ServerState
from mock_server.uploads import store_upload

router = APIRouter(prefix="/api/v1", tags=["attachments"])


async def _read(file: UploadFile) -> bytes:
    # Read one byte more than allowed: enough to know it is too large, never the whole file.
    content = await file.read(MAX_SIZE + 1)
    if len(content) > MAX_SIZE:
        raise ProblemError(
            413,
            "Le fichier dépasse la taille maximum de 5 Mo.",
            code="attachment_refused",
            errors={"file": "Le fichier dépasse la taille maximum de 5 Mo."},
        )
    return content


def _upload(
    state: ServerState,
    role: str,
    owner_id: int,
    structure_id: int | None,
    key: str | None,
    name: str,
    content: bytes,
) -> Response:
    def operation(connection: sqlite3.Connection) -> Attachment:
        return store_upload(
            connection, role, owner_id, structure_id, name, content, state.clock.timestamp()
        )

    return idempotent_write(
        state, f"{role}:{owner_id}", key, fingerprint("upload", name, content), 201, operation
    )


@router.post(
    "/attachments",
    status_code=201,
    response_model=Attachment,
    summary="Upload a file to attach to a request, a complement or a message",
)
async def upload(
    file: UploadFile = File(...),
    idempotency_key: IdempotencyKey = None,
    ctx: TechnicianContext = Depends(technician_context),
) -> Response:
    content = await _read(file)
    return _upload(
        ctx.state,
        "technician",
        ctx.technician.id,
        ctx.technician.structure_id,
        idempotency_key,
        file.filename or "",
        content,
    )


@router.get(
    "/attachments/{attachment_id}",
    response_model=Attachment,
    summary="One of my uploads not attached yet: is it still there?",
)
async def pending_upload(
    attachment_id: str, ctx: TechnicianContext = Depends(technician_context)
) -> Attachment:
    """A form resumed from its draft asks whether its uploads outlived the purge of unattached
    files (a day). Only the technician's own, not yet attached: anything else is « not found »,
    whether it exists or not."""
    row = ctx.state.db.one(
        "SELECT id, name, size, content_type, uploaded_at FROM attachments"
        " WHERE id = ? AND owner_role = 'technician' AND owner_id = ? AND request_id IS NULL",
        (attachment_id, ctx.technician.id),
    )
    if row is None:
        raise ProblemError(404, "Pièce jointe introuvable.", code="not_found")
    return Attachment(
        id=row["id"],
        name=row["name"],
        size=row["size"],
        content_type=row["content_type"],
        uploaded_at=at(row["uploaded_at"]),
    )


@router.post(
    "/backoffice/attachments",
    status_code=201,
    response_model=Attachment,
    tags=["back office"],
    summary="Upload a file the organisme sends with an answer",
)
async def agent_upload(
    file: UploadFile = File(...),
    idempotency_key: IdempotencyKey = None,
    ctx: AgentContext = Depends(agent_context),
) -> Response:
    content = await _read(file)
    return _upload(
        ctx.state, "agent", ctx.agent.id, None, idempotency_key, file.filename or "", content
    )
