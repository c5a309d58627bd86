"""The structure's organismes with their convention state, their catalogue and news."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from ep_contract.domain.catalogue import Catalogue
from ep_contract.domain.convention import (
    ConventionState,
    can_file,
    convention_message,
    is_flagged,
)
from ep_contract.wire import Convention, NewsItem, NewsPage, Organisme
from mock_server import repository
from mock_server.auth import TechnicianContext, technician_context
from mock_server.clock import at
from mock_server.limits import OFFSET_MAX
from mock_server.repository import ConventionRow
from mock_server.workflow import accessible_convention

router = APIRouter(prefix="/api/v1", tags=["organismes"])


def organisme_of(row: ConventionRow) -> Organisme:
    return Organisme(
        code=row.organisme_code,
        name=row.organisme_name,
        convention=Convention(
            start=row.start,
            end=row.end,
            state=row.state,
            message=convention_message(row.state, row.organisme_name, row.start, row.end),
            can_file=can_file(row.state),
            flagged=is_flagged(row.state),
        ),
    )


@router.get(
    "/organismes",
    response_model=list[Organisme],
    summary="Organismes the structure has a convention with (expired ones left out)",
)
async def list_organismes(ctx: TechnicianContext = Depends(technician_context)) -> list[Organisme]:
    rows = repository.conventions_of(
        ctx.state.db.connection, ctx.technician.structure_id, ctx.state.clock.today()
    )
    return [organisme_of(row) for row in rows if row.state != ConventionState.EXPIRED]


@router.get(
    "/organismes/{code}/catalogue",
    response_model=Catalogue,
    summary="The ODS this organisme offers, and their forms",
)
async def get_catalogue(
    code: str, ctx: TechnicianContext = Depends(technician_context)
) -> Catalogue:
    connection = ctx.state.db.connection
    convention = accessible_convention(connection, ctx.technician, code, ctx.state.clock.today())
    return repository.catalogue(connection, convention.catalogue_code)


@router.get(
    "/organismes/{code}/news",
    response_model=NewsPage,
    summary="News of the organisme, newest first",
)
async def get_news(
    code: str,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=OFFSET_MAX),
    ctx: TechnicianContext = Depends(technician_context),
) -> NewsPage:
    connection = ctx.state.db.connection
    accessible_convention(connection, ctx.technician, code, ctx.state.clock.today())
    now = ctx.state.clock.timestamp()
    (total,) = connection.execute(
        "SELECT COUNT(*) FROM news WHERE organisme_code = ? AND published_at <= ?", (code, now)
    ).fetchone()
    rows = connection.execute(
        "SELECT * FROM news WHERE organisme_code = ? AND published_at <= ?"
        " ORDER BY published_at DESC, id DESC LIMIT ? OFFSET ?",
        (code, now, limit, offset),
    ).fetchall()
    return NewsPage(
        items=[
            NewsItem(
                id=r["id"], published_at=at(r["published_at"]), title=r["title"], body=r["body"]
            )
            for r in rows
        ],
        total=total,
    )
