"""The organisme's agents: take in charge, resolve, answer; the outbox of e-mails.
An agent sees only their organisme's requests; a technician's token is refused (403)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel

from ep_contract.domain.statuses import Status
from ep_contract.wire import Credentials
from mock_server import auth, backoffice, repository
from mock_server.auth import AgentContext, agent_context, server_state
from mock_server.clock import at
from mock_server.idempotency import fingerprint
from mock_server.limits import OFFSET_MAX
from mock_server.models import (
    AgentMe,
    AgentReply,
    AgentRequest,
    AgentRequestPage,
    AgentSession,
    OutboxEmail,
    Resolution,
)
from mock_server.repository import CANCELLED
from mock_server.routes.common import idempotent_write
from mock_server.routes.requests import IdempotencyKey, Number
from mock_server.state import ServerState
from mock_server.views import summary

router = APIRouter(prefix="/api/v1/backoffice", tags=["back office"])


@router.post(
    "/session",
    response_model=AgentSession,
    status_code=201,
    summary="Sign in as an organisme's agent",
)
async def agent_sign_in(
    credentials: Credentials, request: Request, state: ServerState = Depends(server_state)
) -> AgentSession:
    subject, token, expires_at = await auth.open_session(
        state, "agent", credentials.username, credentials.password, auth.client_address(request)
    )
    agent = repository.agent_by_id(state.db.connection, subject)
    assert agent is not None
    return AgentSession(
        token=token,
        expires_at=at(expires_at),
        agent=AgentMe(
            id=agent.id,
            username=agent.username,
            name=agent.name,
            organisme_code=agent.organisme_code,
        ),
    )


@router.delete("/session", status_code=204, summary="An agent's sign-out: the token is revoked")
async def agent_sign_out(request: Request, state: ServerState = Depends(server_state)) -> Response:
    auth.revoke(state, request, "agent")
    return Response(status_code=204)


@router.get(
    "/requests",
    response_model=AgentRequestPage,
    summary="The organisme's requests, oldest first, optionally by status",
)
async def agent_requests(
    status: Status | None = None,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=OFFSET_MAX),
    ctx: AgentContext = Depends(agent_context),
) -> AgentRequestPage:
    connection = ctx.state.db.connection
    where = "r.organisme_code = ? AND r.status != ? AND (? IS NULL OR r.status = ?)"
    params = (ctx.agent.organisme_code, CANCELLED, status, status)
    (total,) = connection.execute(
        f"SELECT COUNT(*) FROM requests r WHERE {where}", params
    ).fetchone()
    rows = connection.execute(
        f"SELECT r.*, s.name AS structure FROM requests r JOIN structures s"
        f" ON s.id = r.structure_id WHERE {where} ORDER BY r.filed_at, r.id LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return AgentRequestPage(
        items=[
            AgentRequest(**summary(row).model_dump(), structure=row["structure"]) for row in rows
        ],
        total=total,
    )


def _write(
    ctx: AgentContext,
    action: str,
    number: str,
    key: str | None,
    payload: dict,
    operation: Callable[[sqlite3.Connection], BaseModel | None],
) -> Response:
    return idempotent_write(
        ctx.state,
        f"agent:{ctx.agent.id}",
        key,
        fingerprint(action, number, payload),
        204,
        operation,
    )


@router.post(
    "/requests/{number}/take",
    status_code=204,
    summary="Take in charge: Nouveau → Pris en charge (e-mail, except for MAS)",
)
async def take(
    number: Number,
    idempotency_key: IdempotencyKey = None,
    ctx: AgentContext = Depends(agent_context),
) -> Response:
    def operation(connection: sqlite3.Connection) -> None:
        backoffice.take_in_charge(connection, ctx.agent, number, ctx.state.clock.timestamp())

    return _write(ctx, "take", number, idempotency_key, {}, operation)


@router.post(
    "/requests/{number}/resolution",
    status_code=204,
    summary="Resolve: Pris en charge → Résolu, with an answer and attachments",
)
async def resolve(
    number: Number,
    body: Resolution,
    idempotency_key: IdempotencyKey = None,
    ctx: AgentContext = Depends(agent_context),
) -> Response:
    def operation(connection: sqlite3.Connection) -> None:
        backoffice.resolve(connection, ctx.agent, number, body, ctx.state.clock.timestamp())

    return _write(ctx, "resolve", number, idempotency_key, body.model_dump(), operation)


@router.post(
    "/requests/{number}/messages",
    status_code=204,
    summary="Answer a follow-up message: Message envoyé → Message reçu",
)
async def answer(
    number: Number,
    body: AgentReply,
    idempotency_key: IdempotencyKey = None,
    ctx: AgentContext = Depends(agent_context),
) -> Response:
    def operation(connection: sqlite3.Connection) -> None:
        backoffice.reply(connection, ctx.agent, number, body, ctx.state.clock.timestamp())

    return _write(ctx, "reply", number, idempotency_key, body.model_dump(), operation)


@router.get(
    "/outbox",
    response_model=list[OutboxEmail],
    summary="E-mails sent to partners about this organisme's requests",
)
async def outbox(
    request_number: str | None = None, ctx: AgentContext = Depends(agent_context)
) -> list[OutboxEmail]:
    rows = ctx.state.db.query(
        "SELECT * FROM outbox WHERE organisme_code = ? AND (? IS NULL OR request_number = ?)"
        " ORDER BY id",
        (ctx.agent.organisme_code, request_number, request_number),
    )
    return [
        OutboxEmail(
            id=r["id"],
            to=r["to_address"],
            subject=r["subject"],
            body=r["body"],
            kind=r["kind"],
            request_number=r["request_number"],
            sent_at=at(r["sent_at"]),
        )
        for r in rows
    ]
