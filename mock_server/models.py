"""Models of the mock server's own routes: the back office (the CPAM agents' side) and the
test controls (clock, injected faults). The client never sends nor reads these, so they live
here, not in the contract package the client shares.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from ep_contract.wire import Inbound, RequestSummary, Wire

# --- back office ----------------------------------------------------------------------------


class AgentMe(Wire):
    id: int
    username: str
    name: str
    organisme_code: str


class AgentSession(Wire):
    token: str
    expires_at: datetime
    agent: AgentMe


class AgentRequest(RequestSummary):
    structure: str


class AgentRequestPage(Wire):
    items: list[AgentRequest]
    total: int


class Resolution(Inbound):
    answer: str = Field(min_length=1, max_length=5000)
    attachment_ids: list[str] = Field(default_factory=list, max_length=8)


class AgentReply(Inbound):
    body: str = Field(min_length=1, max_length=5000)
    attachment_ids: list[str] = Field(default_factory=list, max_length=8)


class OutboxEmail(Wire):
    id: int
    to: str
    subject: str
    body: str
    kind: Literal["prise_en_charge", "resolution"]
    request_number: str
    sent_at: datetime


# --- test controls --------------------------------------------------------------------------


class ClockChange(Inbound):
    now: datetime | None = None
    """Freeze the clock at this instant."""
    advance_seconds: float | None = None
    """Move the clock forward (or back, if negative)."""


class ClockState(Wire):
    now: datetime
    frozen: bool


class Fault(Inbound):
    """A fault to inject on the calls whose path starts with ``path_prefix``."""

    path_prefix: str = "/api/v1/"
    methods: list[str] = Field(default_factory=list)
    """Only these HTTP methods (all when empty)."""
    latency_ms: int = Field(default=0, ge=0, le=60_000)
    status: int | None = Field(default=None, ge=400, le=599)
    """Answer this status (as a problem) without processing the call."""
    drop: Literal["before", "after"] | None = None
    """Drop the connection before processing the call, or after (the work is done, the
    answer is lost: the case that idempotency keys exist for)."""
    times: int = Field(default=0, ge=0)
    """Apply to the next N matching calls only (``fail the next N``); 0 means until cleared."""


class AgentStructure(Wire):
    id: int
    name: str
