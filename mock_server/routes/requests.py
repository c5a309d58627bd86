"""File, list, read, complete, cancel, follow up, download — the technician's requests."""

from __future__ import annotations

import sqlite3
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Path, Query, Response

from ep_contract.domain.attachments import safe_filename
from ep_contract.domain.statuses import DOWNLOAD_DAYS
from ep_contract.queries import HistoryQuery
from ep_contract.wire import (
    Cancellation,
    Complement,
    DuplicateQuery,
    Duplicates,
    HistoryPage,
    NewMessage,
    NewRequest,
    RequestDetail,
)
from mock_server import views, workflow
from mock_server.auth import TechnicianContext, technician_context
from mock_server.duplicates import in_progress
from mock_server.history import history
from mock_server.idempotency import fingerprint
from mock_server.problems import ProblemError
from mock_server.repository import last_second_of_window
from mock_server.routes.common import IDEMPOTENCY_HEADER_DOC, idempotent_write
from mock_server.worklist import mark_read

router = APIRouter(prefix="/api/v1", tags=["requests"])
Number = Annotated[str, Path(pattern=r"^\d{10}$", description="The 10-digit request number")]
IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", description=IDEMPOTENCY_HEADER_DOC)
]


def _scope(ctx: TechnicianContext) -> str:
    return f"technician:{ctx.technician.id}"


def _detail(
    ctx: TechnicianContext, connection: sqlite3.Connection, request_id: int
) -> RequestDetail:
    row = connection.execute("SELECT * FROM requests WHERE id = ?", (request_id,)).fetchone()
    changeable = workflow.can_change(connection, ctx.technician, row, ctx.state.clock.today())
    return views.detail(connection, row, ctx.state.clock.timestamp(), changeable=changeable)


@router.post(
    "/organismes/{code}/requests",
    status_code=201,
    response_model=RequestDetail,
    summary="File a request (« VALIDER »)",
)
async def file_request(
    code: str,
    body: NewRequest,
    idempotency_key: IdempotencyKey = None,
    ctx: TechnicianContext = Depends(technician_context),
) -> Response:
    now, today = ctx.state.clock.timestamp(), ctx.state.clock.today()

    def operation(connection: sqlite3.Connection) -> RequestDetail:
        request_id = workflow.file_request(connection, ctx.technician, code, body, now, today)
        return _detail(ctx, connection, request_id)

    return idempotent_write(
        ctx.state,
        _scope(ctx),
        idempotency_key,
        fingerprint("file", code, body.model_dump(mode="json")),
        201,
        operation,
    )


@router.get(
    "/organismes/{code}/requests",
    response_model=HistoryPage,
    summary="History: the 8 filters, sort by any column, pages",
)
async def get_history(
    code: str,
    query: Annotated[HistoryQuery, Query()],
    ctx: TechnicianContext = Depends(technician_context),
) -> HistoryPage:
    connection = ctx.state.db.connection
    workflow.accessible_convention(connection, ctx.technician, code, ctx.state.clock.today())
    return history(connection, ctx.technician.structure_id, code, query)


@router.post(
    "/organismes/{code}/duplicates",
    response_model=Duplicates,
    summary="Requests already in progress for the same person, ODS and motif",
)
async def find_duplicates(
    code: str, body: DuplicateQuery, ctx: TechnicianContext = Depends(technician_context)
) -> Duplicates:
    # A POST that writes nothing: the person's name belongs in a body, not in a URL.
    connection = ctx.state.db.connection
    workflow.accessible_convention(connection, ctx.technician, code, ctx.state.clock.today())
    return in_progress(connection, ctx.technician.structure_id, code, body)


@router.get("/requests/{number}", response_model=RequestDetail, summary="Detail of a request")
async def get_request(
    number: Number, ctx: TechnicianContext = Depends(technician_context)
) -> RequestDetail:
    connection = ctx.state.db.connection
    today = ctx.state.clock.today()
    row = workflow.request_row(connection, ctx.technician, number, today)
    changeable = workflow.can_change(connection, ctx.technician, row, today)
    now = ctx.state.clock.timestamp()
    # Opened: its answers so far are read by this technician (« À traiter »), not by others.
    mark_read(connection, ctx.technician.id, row["id"], now)
    return views.detail(connection, row, now, changeable=changeable)


@router.post(
    "/requests/{number}/complement",
    response_model=RequestDetail,
    summary="« Compléter la demande » (only while Nouveau)",
)
async def complete_request(
    number: Number,
    body: Complement,
    idempotency_key: IdempotencyKey = None,
    ctx: TechnicianContext = Depends(technician_context),
) -> Response:
    now, today = ctx.state.clock.timestamp(), ctx.state.clock.today()

    def operation(connection: sqlite3.Connection) -> RequestDetail:
        request_id = workflow.complete(connection, ctx.technician, number, body, now, today)
        return _detail(ctx, connection, request_id)

    return idempotent_write(
        ctx.state,
        _scope(ctx),
        idempotency_key,
        fingerprint("complete", number, body.model_dump(mode="json")),
        200,
        operation,
    )


@router.post(
    "/requests/{number}/cancellation",
    status_code=204,
    summary="« Annuler la demande » (only while Nouveau); it leaves the history",
)
async def cancel_request(
    number: Number,
    body: Cancellation,
    idempotency_key: IdempotencyKey = None,
    ctx: TechnicianContext = Depends(technician_context),
) -> Response:
    now, today = ctx.state.clock.timestamp(), ctx.state.clock.today()

    def operation(connection: sqlite3.Connection) -> None:
        workflow.cancel(connection, ctx.technician, number, body, now, today)

    return idempotent_write(
        ctx.state,
        _scope(ctx),
        idempotency_key,
        fingerprint("cancel", number, body.model_dump(mode="json")),
        204,
        operation,
    )


@router.post(
    "/requests/{number}/messages",
    status_code=201,
    response_model=RequestDetail,
    summary="Write a follow-up message after resolution",
)
async def post_message(
    number: Number,
    body: NewMessage,
    idempotency_key: IdempotencyKey = None,
    ctx: TechnicianContext = Depends(technician_context),
) -> Response:
    now, today = ctx.state.clock.timestamp(), ctx.state.clock.today()

    def operation(connection: sqlite3.Connection) -> RequestDetail:
        request_id = workflow.send_message(connection, ctx.technician, number, body, now, today)
        return _detail(ctx, connection, request_id)

    return idempotent_write(
        ctx.state,
        _scope(ctx),
        idempotency_key,
        fingerprint("message", number, body.model_dump(mode="json")),
        201,
        operation,
    )


@router.post(
    "/requests/{number}/exchange/close",
    response_model=RequestDetail,
    summary="Close the follow-up exchange",
)
async def close_exchange(
    number: Number, ctx: TechnicianContext = Depends(technician_context)
) -> RequestDetail:
    now, today = ctx.state.clock.timestamp(), ctx.state.clock.today()
    with ctx.state.db.transaction() as connection:
        request_id = workflow.close_exchange(connection, ctx.technician, number, now, today)
        return _detail(ctx, connection, request_id)


@router.get(
    "/requests/{number}/attachments/{attachment_id}",
    responses={200: {"content": {"application/octet-stream": {}}}},
    response_class=Response,
    summary="Download a received attachment (within 15 days)",
)
async def download_attachment(
    number: Number, attachment_id: str, ctx: TechnicianContext = Depends(technician_context)
) -> Response:
    connection = ctx.state.db.connection
    row = workflow.request_row(connection, ctx.technician, number, ctx.state.clock.today())
    attachment = connection.execute(
        "SELECT name, content_type, content, attached_at FROM attachments"
        " WHERE id = ? AND request_id = ? AND direction = 'received'",
        (attachment_id, row["id"]),
    ).fetchone()
    if attachment is None:
        # Sent attachments are never served back: their content is not viewable after filing.
        raise ProblemError(404, "Pièce jointe introuvable.", code="attachment_not_found")
    if ctx.state.clock.timestamp() > last_second_of_window(
        attachment["attached_at"], DOWNLOAD_DAYS
    ):
        raise ProblemError(
            410,
            f"Le délai de {DOWNLOAD_DAYS} jours pour télécharger cette pièce jointe est dépassé.",
            code="download_expired",
        )
    connection.execute(
        "UPDATE attachments SET downloaded_at = ? WHERE id = ? AND downloaded_at IS NULL",
        (ctx.state.clock.timestamp(), attachment_id),
    )
    name = safe_filename(attachment["name"])
    return Response(
        attachment["content"],
        media_type=attachment["content_type"],
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
