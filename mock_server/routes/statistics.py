"""« Pilotage du partenariat » (issue 18): the COPIL's figures of the technician's structure."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from ep_contract.domain.statistics import resolve_period
from ep_contract.queries import StatisticsQuery
from ep_contract.wire import Statistics
from mock_server import statistics
from mock_server.auth import TechnicianContext, technician_context
from mock_server.problems import field_errors

router = APIRouter(prefix="/api/v1", tags=["pilotage"])


@router.get(
    "/statistics",
    response_model=Statistics,
    summary="The COPIL's figures: volumes, delays, MAS and social service, alerts",
)
async def get_statistics(
    query: Annotated[StatisticsQuery, Query()],
    ctx: TechnicianContext = Depends(technician_context),
) -> Statistics:
    clock = ctx.state.clock
    today = clock.today()
    period = resolve_period(query.periode, today, year=query.annee, quarter=query.trimestre,
                            start=query.debut, end=query.fin)  # fmt: skip
    if isinstance(period, dict):
        raise field_errors(period, "La période demandée n'en est pas une.")
    return statistics.statistics(
        ctx.state.db.connection, ctx.technician, query.organisme, period, clock.timestamp(), today
    )
