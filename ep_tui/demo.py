"""``ep-tui --demo``: the mock server inside this process — no port, no second command.

The server is built at the first request (the sign-in), not at start-up: importing FastAPI
and opening the store would otherwise delay the first screen.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path

import httpx  # imported with the client, never at start-up (see ep_tui.services)

from ep_tui.config import private_folder

DEMO_URL = "http://demo.ep-tui.invalid"
DEMO_LABEL = "démonstration intégrée (identifiant mlapierre, mot de passe demo)"
# What the embedded server needs beyond the client: the ``server`` extra (uvicorn is only
# for ``ep-mock-server``, which listens on a port).
SERVER_PACKAGES = ("fastapi", "python_multipart")
MISSING_SERVER = (
    "la démonstration intégrée a besoin du serveur de démonstration, qui n'est pas installé "
    "(paquets manquants : {missing}). Installez-le avec « pip install 'ep-tui[server]' » "
    "(« make demo » le fait pour vous)."
)


def missing_server_packages() -> list[str]:
    """The packages of the ``server`` extra that cannot be found (found, not imported:
    importing FastAPI would cost the start-up what the embedded server saves it)."""
    return [name for name in SERVER_PACKAGES if find_spec(name) is None]


def prepare_store(path: Path) -> None:
    """Create the store file readable by its owner only (SQLite gives its journal files the
    same permissions)."""
    private_folder(path.parent)
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(descriptor)
    path.chmod(0o600)


class EmbeddedServerTransport(httpx.AsyncBaseTransport):
    def __init__(self, store: Path, *, reset: bool = False, agent: bool = True) -> None:
        self.store = store
        self.reset = reset
        self.agent = agent
        self._transport: httpx.AsyncBaseTransport | None = None

    def _build(self) -> httpx.AsyncBaseTransport:
        from mock_server.app import create_app
        from mock_server.clock import Clock
        from mock_server.db import Database
        from mock_server.seed import seed
        from mock_server.transport import LoopbackTransport

        prepare_store(self.store)
        clock = Clock()
        db = Database(self.store)
        if self.reset:
            seed(db, clock.now())
        return LoopbackTransport(create_app(db, clock=clock, demo_agent=self.agent))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._transport is None:
            self._transport = self._build()
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()
