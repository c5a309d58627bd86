"""What the handlers share: the store, the clock, the fault registry and the options."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mock_server.clock import Clock
from mock_server.db import Database
from mock_server.faults import FaultRegistry
from mock_server.throttle import SignInThrottle


@dataclass
class ServerState:
    db: Database
    clock: Clock
    test_controls: bool = False
    """The ``/api/v1/_test`` routes exist only when this is set (``--enable-test-controls``)."""
    seed_now: datetime | None = None
    """The instant the seed is relative to (the clock's now when ``None``)."""
    faults: FaultRegistry = field(default_factory=FaultRegistry)
    sign_ins: SignInThrottle = field(default_factory=SignInThrottle)
    """Failed sign-ins per account and per client (in memory: a restart forgets them)."""
    demo_agent: bool = False
    """A simulated agent moves the technician's new requests along (mock_server.demo_agent)."""
    housekeeping_at: int = -(10**12)
    """Clock time of the last sweep of time-driven changes (closing exchanges, purges)."""
