"""Refuse oversized bodies without reading them whole: by ``Content-Length`` before anything is
read, and by counting the bytes as they stream in when the length is not announced."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ep_contract.domain.attachments import MAX_SIZE

UPLOAD_PATHS = ("/api/v1/attachments", "/api/v1/backoffice/attachments")
UPLOAD_LIMIT = MAX_SIZE + 64 * 1024
"""One file of 5 Mo plus the multipart envelope."""
DEFAULT_LIMIT = 256 * 1024
"""JSON bodies: a 5,000-character comment is ~20 KB even fully escaped."""
OFFSET_MAX = 1_000_000
"""The furthest a list may be read (``offset``): far past any list, and far below SQLite's
integers (2**63 answered 500)."""


class BodySizeLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = UPLOAD_LIMIT if scope["path"] in UPLOAD_PATHS else DEFAULT_LIMIT
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _refuse(send, limit)
            return
        received = 0
        started = refused = False

        async def counting_receive() -> Message:
            # Past the limit, the refusal is sent from here and the app is told the client
            # left: raised instead, the error reached FastAPI's body parser, which answered
            # « 400 There was an error parsing the body » for a chunked body.
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit and not started:
                    refused = True
                    await _refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is the answer; whatever the app says after it is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception:
            if not refused:
                raise


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps(
        {
            "type": "about:blank",
            "title": "Contenu trop volumineux",
            "status": 413,
            "detail": f"Le corps de la requête dépasse {limit} octets.",
            "code": "body_too_large",
            "errors": {},
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
