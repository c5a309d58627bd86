"""Who is calling: bearer tokens of technicians and agents, as FastAPI dependencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from fastapi import Depends, Request

from mock_server import demo_agent, idempotency, repository, security
from mock_server.problems import ProblemError
from mock_server.repository import Agent, Technician
from mock_server.state import ServerState

Role = Literal["technician", "agent"]


# The dependencies are ``async`` so that they run on the event loop, like the handlers: a
# plain ``def`` would be sent to a worker thread twice a request, and wait there for the GIL
# while the app (in --demo, the same process) is drawing — 30 to 100 ms a call.
async def server_state(request: Request) -> ServerState:
    state: ServerState = request.app.state.server
    return state


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("Authentification requise.")
    return token.strip()


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(
        401,
        detail,
        code="unauthorized",
        headers={"WWW-Authenticate": 'Bearer realm="espace-partenaires"'},
    )


def _subject(state: ServerState, token: str, role: Role) -> int:
    row = state.db.one(
        "SELECT role, subject_id, expires_at, revoked FROM tokens WHERE token_hash = ?",
        (security.token_hash(token),),
    )
    if row is None or row["revoked"] or row["expires_at"] <= state.clock.timestamp():
        raise _unauthorized("Session expirée ou invalide : veuillez vous reconnecter.")
    if row["role"] != role:
        raise ProblemError(403, "Ce jeton ne donne pas accès à cette opération.", code="wrong_role")
    return int(row["subject_id"])


def _housekeeping(state: ServerState) -> None:
    """Time-driven changes, applied before any authenticated call reads the store.

    They depend only on the clock, so once per clock-minute is enough (and a test that
    moves the clock gets them at once). The demo's agent acts here too: at the clock's pace,
    when someone looks.
    """
    now = state.clock.timestamp()
    if 0 <= now - state.housekeeping_at < 60:
        return
    state.housekeeping_at = now
    with state.db.transaction() as connection:
        repository.close_expired_exchanges(connection, now)
        repository.purge_unattached_uploads(connection, now)
        idempotency.purge(connection, now)
        if state.demo_agent:
            demo_agent.act(connection, now)


@dataclass(frozen=True, slots=True)
class TechnicianContext:
    state: ServerState
    technician: Technician
    token: str


@dataclass(frozen=True, slots=True)
class AgentContext:
    state: ServerState
    agent: Agent
    token: str


async def technician_context(
    request: Request, state: ServerState = Depends(server_state)
) -> TechnicianContext:
    token = _bearer(request)
    subject = _subject(state, token, "technician")
    technician = repository.technician_by_id(state.db.connection, subject)
    if technician is None:
        raise _unauthorized("Compte inconnu.")
    _housekeeping(state)
    return TechnicianContext(state, technician, token)


async def agent_context(
    request: Request, state: ServerState = Depends(server_state)
) -> AgentContext:
    token = _bearer(request)
    subject = _subject(state, token, "agent")
    agent = repository.agent_by_id(state.db.connection, subject)
    if agent is None:
        raise _unauthorized("Compte inconnu.")
    _housekeeping(state)
    return AgentContext(state, agent, token)


async def open_session(
    state: ServerState, role: Role, username: str, password: str, client: str | None
) -> tuple[int, str, int]:
    """Check the credentials (throttled per account and per ``client`` address, see
    mock_server.throttle); returns (subject id, new token, expiry timestamp)."""
    table = "technicians" if role == "technician" else "agents"
    with state.sign_ins.attempt(role, username, client, state.clock.timestamp()):
        row = state.db.one(f"SELECT id, password_hash FROM {table} WHERE username = ?",
                           (username,))  # fmt: skip
        stored = row["password_hash"] if row else security.DUMMY_HASH
        if not await security.check_password(password, stored) or row is None:
            raise ProblemError(401, "Identifiant ou mot de passe incorrect.",
                               code="bad_credentials")  # fmt: skip
    token = security.new_token()
    expires_at = state.clock.timestamp() + security.TOKEN_TTL_SECONDS
    with state.db.transaction() as connection:
        connection.execute(
            "INSERT INTO tokens (token_hash, role, subject_id, expires_at) VALUES (?, ?, ?, ?)",
            (security.token_hash(token), role, row["id"], expires_at),
        )
        connection.execute("DELETE FROM tokens WHERE expires_at < ?", (state.clock.timestamp(),))
    return int(row["id"]), token, expires_at


def client_address(request: Request) -> str | None:
    """Who is calling, for the sign-in throttle. Behind a proxy, uvicorn's
    ``--forwarded-allow-ips`` makes this the address the proxy saw (docs/API.md)."""
    return request.client.host if request.client else None


def revoke(state: ServerState, request: Request, role: Role) -> None:
    """Sign-out: the caller's own token is revoked, only through its own side's route — a
    technician's sign-out refuses an agent's token (403), and the other way round. A token
    already unknown, expired or revoked is signed out all the same (204): the client forgets
    it whatever the answer."""
    token_hash = security.token_hash(_bearer(request))
    with state.db.transaction() as connection:
        row = connection.execute(
            "SELECT role FROM tokens WHERE token_hash = ?", (token_hash,)
        ).fetchone()
        if row is not None and row["role"] != role:
            raise ProblemError(403, "Ce jeton ne donne pas accès à cette opération.",
                               code="wrong_role")  # fmt: skip
        connection.execute("UPDATE tokens SET revoked = 1 WHERE token_hash = ?", (token_hash,))
