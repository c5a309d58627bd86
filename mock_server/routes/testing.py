"""Test controls — mounted only with ``--enable-test-controls``: the clock, fault injection,
reset to the seed."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from mock_server.auth import server_state
from mock_server.models import ClockChange, ClockState, Fault
from mock_server.problems import ProblemError
from mock_server.seed import seed
from mock_server.state import ServerState

router = APIRouter(prefix="/api/v1/_test", tags=["test controls"])


@router.get("/clock", response_model=ClockState, summary="The server's clock")
async def get_clock(state: ServerState = Depends(server_state)) -> ClockState:
    return ClockState(now=state.clock.now(), frozen=state.clock.frozen)


@router.post("/clock", response_model=ClockState, summary="Set (freeze) or advance the clock")
async def change_clock(
    change: ClockChange, state: ServerState = Depends(server_state)
) -> ClockState:
    if change.now is not None:
        if change.now.tzinfo is None:
            raise ProblemError(
                422,
                "L'instant doit porter son fuseau horaire.",
                errors={"now": "fuseau horaire manquant"},
            )
        state.clock.set(change.now)
    if change.advance_seconds is not None:
        state.clock.advance(change.advance_seconds)
    return ClockState(now=state.clock.now(), frozen=state.clock.frozen)


@router.get("/faults", response_model=list[Fault], summary="Faults armed now")
async def list_faults(state: ServerState = Depends(server_state)) -> list[Fault]:
    return state.faults.active()


@router.post("/faults", status_code=204, summary="Arm a fault")
async def add_fault(fault: Fault, state: ServerState = Depends(server_state)) -> Response:
    state.faults.add(fault)
    return Response(status_code=204)


@router.delete("/faults", status_code=204, summary="Disarm every fault")
async def clear_faults(state: ServerState = Depends(server_state)) -> Response:
    state.faults.clear()
    return Response(status_code=204)


@router.post("/reset", status_code=204, summary="Restore the seed (relative to the clock's now)")
async def reset(state: ServerState = Depends(server_state)) -> Response:
    state.faults.clear()
    seed(state.db, state.seed_now or state.clock.now())
    return Response(status_code=204)
