"""The mock server's FastAPI application, built by :func:`create_app`."""

from __future__ import annotations

import logging
from datetime import datetime

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from mock_server import problems
from mock_server.clock import Clock
from mock_server.db import Database
from mock_server.faults import FaultInjector
from mock_server.limits import BodySizeLimit
from mock_server.routes import (
    attachments,
    backoffice,
    comment_templates,
    organismes,
    requests,
    session,
    statistics,
    testing,
    worklist,
)
from mock_server.seed import seed, upgrade_reference_data
from mock_server.state import ServerState

log = logging.getLogger("mock_server")

DESCRIPTION = """The API that ep-tui speaks. There is no public API for the real Espace
Partenaires portal: this mock server defines the contract. Versioned JSON under `/api/v1`,
bearer tokens, RFC 9457 problem details with per-field messages, `Idempotency-Key` on every
POST that creates something. See docs/API.md."""


def create_app(
    db: Database | None = None,
    *,
    clock: Clock | None = None,
    test_controls: bool = False,
    seed_now: datetime | None = None,
    seed_if_empty: bool = True,
    demo_agent: bool = False,
) -> FastAPI:
    """A ready server. An empty store is seeded with the demo data, relative to ``seed_now``
    (the clock's now by default). ``demo_agent``: a simulated agent answers the requests filed
    from now on (mock_server.demo_agent)."""
    db = db or Database(":memory:")
    clock = clock or Clock()
    state = ServerState(db=db, clock=clock, test_controls=test_controls, seed_now=seed_now,
                        demo_agent=demo_agent)  # fmt: skip
    if seed_if_empty and db.is_empty():
        seed(db, seed_now or clock.now())
    else:
        upgrade_reference_data(db)

    app = FastAPI(
        title="Espace Partenaires — mock server",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.server = state
    app.add_exception_handler(problems.ProblemError, problems.on_problem)
    app.add_exception_handler(RequestValidationError, problems.on_validation_error)
    app.add_exception_handler(StarletteHTTPException, problems.on_http_error)
    for module in (session, organismes, requests, attachments, backoffice, worklist,
                   comment_templates, statistics):  # fmt: skip
        app.include_router(module.router)
    if test_controls:
        app.include_router(testing.router)
    _declare_problems_in_openapi(app)
    # Outermost first: refuse oversized bodies before any fault or handler sees them.
    app.add_middleware(FaultInjector, registry=state.faults)
    app.add_middleware(BodySizeLimit)
    return app


def _declare_problems_in_openapi(app: FastAPI) -> None:
    build = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            app.openapi_schema = problems.declare_problems(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
