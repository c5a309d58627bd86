"""Sign in, sign out, who am I, newsletter."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from ep_contract.wire import Credentials, Me, NewsletterChoice, Session, Structure
from mock_server import auth, repository
from mock_server.auth import TechnicianContext, server_state, technician_context
from mock_server.clock import at
from mock_server.repository import Technician
from mock_server.state import ServerState

router = APIRouter(prefix="/api/v1", tags=["session"])


def me_of(technician: Technician) -> Me:
    return Me(
        id=technician.id,
        username=technician.username,
        first_name=technician.first_name,
        last_name=technician.last_name,
        newsletter=technician.newsletter,
        structure=Structure(id=technician.structure_id, name=technician.structure_name),
    )


@router.post(
    "/session",
    response_model=Session,
    status_code=201,
    summary="Sign in (identifiant + mot de passe)",
)
async def sign_in(
    credentials: Credentials, request: Request, state: ServerState = Depends(server_state)
) -> Session:
    subject, token, expires_at = await auth.open_session(
        state,
        "technician",
        credentials.username,
        credentials.password,
        auth.client_address(request),
    )
    technician = repository.technician_by_id(state.db.connection, subject)
    assert technician is not None
    return Session(token=token, expires_at=at(expires_at), me=me_of(technician))


@router.delete("/session", status_code=204, summary="Sign out: the token is revoked")
async def sign_out(request: Request, state: ServerState = Depends(server_state)) -> Response:
    auth.revoke(state, request, "technician")
    return Response(status_code=204)


@router.get("/me", response_model=Me, summary="The connected technician and their structure")
async def get_me(ctx: TechnicianContext = Depends(technician_context)) -> Me:
    return me_of(ctx.technician)


@router.put(
    "/me/newsletter", response_model=Me, summary="« Je souhaite recevoir la newsletter par e-mail »"
)
async def set_newsletter(
    choice: NewsletterChoice, ctx: TechnicianContext = Depends(technician_context)
) -> Me:
    with ctx.state.db.transaction() as connection:
        connection.execute(
            "UPDATE technicians SET newsletter = ? WHERE id = ?",
            (int(choice.subscribed), ctx.technician.id),
        )
        technician = repository.technician_by_id(connection, ctx.technician.id)
    assert technician is not None
    return me_of(technician)
