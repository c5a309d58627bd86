"""In-process transport to the mock server: what ``ep-tui --demo`` and the tests use instead
of a socket.  Behaves like the network for the faults the server injects."""

from __future__ import annotations

import httpx

from mock_server.faults import ConnectionDropped


class LoopbackTransport(httpx.ASGITransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except ConnectionDropped as error:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a complete response.", request=request
            ) from error
