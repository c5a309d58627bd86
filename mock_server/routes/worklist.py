"""« À traiter » (issue 17): the technician's work list, and the structure's alert thresholds —
read by its technicians, changed by the back office of an organisme it has a convention with."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Response

from ep_contract.wire import AlertSettings, WorkList, WorkScope
from mock_server import worklist
from mock_server.auth import AgentContext, TechnicianContext, agent_context, technician_context
from mock_server.models import AgentStructure
from mock_server.problems import ProblemError, field_errors

router = APIRouter(prefix="/api/v1", tags=["à traiter"])


@router.get(
    "/worklist",
    response_model=WorkList,
    summary="« À traiter »: unread answers, deadlines near, requests waiting past a threshold",
)
async def get_work_list(
    scope: WorkScope = Query("mine", description="« mine »: my requests; « structure »: all"),
    ctx: TechnicianContext = Depends(technician_context),
) -> Response:
    clock = ctx.state.clock
    body = worklist.work_list(
        ctx.state.db.connection, ctx.technician, scope, clock.timestamp(), clock.today()
    )
    # Already JSON: FastAPI would otherwise validate each of up to thousands of items again.
    return Response(body, media_type="application/json")


@router.get(
    "/alert-settings",
    response_model=AlertSettings,
    summary="The structure's alert thresholds (days)",
)
async def get_alert_settings(
    ctx: TechnicianContext = Depends(technician_context),
) -> AlertSettings:
    return worklist.alert_settings(ctx.state.db.connection, ctx.technician.structure_id)


def _partner(ctx: AgentContext, structure_id: int) -> None:
    """Only a structure with a convention with the agent's organisme: another's is not found
    (its existence is not told)."""
    if (
        ctx.state.db.connection.execute(
            "SELECT 1 FROM conventions WHERE structure_id = ? AND organisme_code = ?",
            (structure_id, ctx.agent.organisme_code),
        ).fetchone()
        is None
    ):
        raise ProblemError(404, "Structure introuvable.", code="structure_not_found")


@router.get(
    "/backoffice/structures",
    response_model=list[AgentStructure],
    tags=["back office"],
    summary="The structures with a convention with the agent's organisme",
)
async def partner_structures(ctx: AgentContext = Depends(agent_context)) -> list[AgentStructure]:
    rows = ctx.state.db.connection.execute(
        "SELECT s.id, s.name FROM structures s JOIN conventions c ON c.structure_id = s.id"
        " WHERE c.organisme_code = ? ORDER BY s.name",
        (ctx.agent.organisme_code,),
    ).fetchall()
    return [AgentStructure(id=row["id"], name=row["name"]) for row in rows]


@router.get(
    "/backoffice/structures/{structure_id}/alert-settings",
    response_model=AlertSettings,
    tags=["back office"],
    summary="A partner structure's alert thresholds",
)
async def partner_alert_settings(
    structure_id: int, ctx: AgentContext = Depends(agent_context)
) -> AlertSettings:
    _partner(ctx, structure_id)
    return worklist.alert_settings(ctx.state.db.connection, structure_id)


@router.put(
    "/backoffice/structures/{structure_id}/alert-settings",
    response_model=AlertSettings,
    tags=["back office"],
    summary="Change a partner structure's alert thresholds (1 to 365 days each)",
)
async def change_alert_settings(
    structure_id: int, body: AlertSettings, ctx: AgentContext = Depends(agent_context)
) -> AlertSettings:
    _partner(ctx, structure_id)
    if problems := body.out_of_bounds():
        raise field_errors(problems)
    worklist.save_alert_settings(ctx.state.db.connection, structure_id, body)
    return body
