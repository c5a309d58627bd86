"""Fault injection for the test controls: latency, error statuses, dropped connections,
for every call or for the next N calls.  An ASGI middleware, so that a fault hits a call
exactly where the network would."""

from __future__ import annotations

import asyncio
import json
import threading
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.models import Fault

CONTROL_PREFIX = "/api/v1/_test/"


class ConnectionDropped(Exception):
    """Raised out of the app to make the server drop the connection.

    Under uvicorn the response has started, so the connection is closed mid-answer and the
    client sees a protocol error; :class:`mock_server.transport.LoopbackTransport` maps it to
    the same ``httpx.RemoteProtocolError`` in process.
    """


@dataclass
class _Armed:
    fault: Fault
    remaining: int | None


class FaultRegistry:
    def __init__(self) -> None:
        self._armed: list[_Armed] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._armed.append(_Armed(fault, fault.times or None))

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()

    def active(self) -> list[Fault]:
        with self._lock:
            return [armed.fault for armed in self._armed]

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault matching this call, counting it down."""
        with self._lock:
            for armed in self._armed:
                fault = armed.fault
                if not path.startswith(fault.path_prefix):
                    continue
                if fault.methods and method.upper() not in {m.upper() for m in fault.methods}:
                    continue
                if armed.remaining is not None:
                    armed.remaining -= 1
                    if armed.remaining <= 0:
                        self._armed.remove(armed)
                return fault
        return None


class FaultInjector:
    def __init__(self, app: ASGIApp, registry: FaultRegistry) -> None:
        self.app = app
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        fault = self.registry.take(scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        if fault.latency_ms:
            await asyncio.sleep(fault.latency_ms / 1000)
        if fault.status is not None:
            await _send_problem(send, fault.status)
            return
        if fault.drop == "before":
            await _start_then_drop(send)
        if fault.drop == "after":
            # Do the work, lose the answer.
            async def swallow(message: Message) -> None:
                return None

            await self.app(scope, receive, swallow)
            await _start_then_drop(send)
        await self.app(scope, receive, send)


async def _send_problem(send: Send, status: int) -> None:
    body = json.dumps(
        {
            "type": "about:blank",
            "title": "Panne simulée",
            "status": status,
            "detail": "Panne injectée par les contrôles de test.",
            "code": "injected_fault",
            "errors": {},
        }
    ).encode()
    headers = [
        (b"content-type", b"application/problem+json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if status == 503:
        headers.append((b"retry-after", b"0"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _start_then_drop(send: Send) -> None:
    # Announce a body that never comes: the server must then close the connection.
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-length", b"1000"), (b"content-type", b"application/json")],
        }
    )
    raise ConnectionDropped()
