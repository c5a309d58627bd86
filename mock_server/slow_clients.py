"""Connections that send a request too slowly are closed (issue 15: 300 connections with
unfinished headers stayed open for good, each holding a socket and memory — a slow-loris).

uvicorn bounds the wait between two requests of a kept-alive connection, not the time a
request takes to arrive. ``SlowClientProtocol`` adds both: from its first byte (or from the
connection, when nothing comes), a request has ``HEADER_SECONDS`` to bring its headers, then
``BODY_SECONDS`` to bring its body (5 Mo over a slow link). Past either, the connection is
closed; the time the app takes to answer is not counted.

Behind a proxy (docs/API.md) the proxy's own timeouts come first; these stay as a floor.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0
BODY_SECONDS = 120.0


class SlowClientProtocol(H11Protocol):
    header_seconds = HEADER_SECONDS
    body_seconds = BODY_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for: object = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect(h11.IDLE)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._expect(self.conn.their_state)

    def connection_lost(self, exc: Exception | None) -> None:
        self._expect(None)
        super().connection_lost(exc)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # Kept alive: uvicorn's own keep-alive timeout bounds the wait for the next request,
        # and its first byte starts the header deadline again (data_received).
        self._expect(None)

    def _expect(self, state: object) -> None:
        """Arm the deadline for what the client still has to send, once per part."""
        if state is self._waiting_for:
            return
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._waiting_for = state
        seconds = None
        if state is h11.IDLE:
            seconds = self.header_seconds
        elif state is h11.SEND_BODY:
            seconds = self.body_seconds
        if seconds is not None and not self.transport.is_closing():
            self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def with_timeouts(header_seconds: float, body_seconds: float) -> type[SlowClientProtocol]:
    """The protocol class with other deadlines (``ep-mock-server --header-timeout``…)."""
    return type("SlowClientProtocol", (SlowClientProtocol,),
                {"header_seconds": header_seconds, "body_seconds": body_seconds})  # fmt: skip
