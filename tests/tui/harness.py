"""Build the app as the tests need it: against the mock server in process (frozen clock,
seed data), a keyring that lives in memory (or none at all), temporary folders, no blink,
a carousel that does not move by itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend
from keyring.backends import fail

from ep_tui.api_client.client import EPClient
from ep_tui.app import EPApp, make_app
from ep_tui.config import LocalState, Settings
from ep_tui.credentials import Credentials
from ep_tui.services import Services
from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from mock_server.transport import LoopbackTransport

SERVER_URL = "https://ep.test"


class MemoryKeyring(KeyringBackend):
    """A keyring for tests: a dict. Never the user's real one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def build_app(
    tmp_path: Path,
    clock: Clock,
    *,
    keyring: KeyringBackend | None = None,
    server_app: Any = None,
    **settings: Any,
) -> EPApp:
    server = server_app or create_app(Database(":memory:"), clock=clock, test_controls=True)
    client = EPClient(SERVER_URL, transport=LoopbackTransport(server))
    services = Services(
        settings=Settings(
            **{
                "server_url": SERVER_URL,
                "news_interval": 0,
                "cursor_blink": False,
                "data_dir": tmp_path,
                "draft_delay": 0,
                "poll_interval": 0,  # the notification tests switch it on
                **settings,
            }
        ),
        client=client,
        credentials=Credentials(keyring if keyring is not None else fail.Keyring()),
        state=LocalState(tmp_path / "state.json"),
        server_label=SERVER_URL,
        today=clock.today,
        now=clock.now,
    )
    app = make_app(services)
    app.server = server  # type: ignore[attr-defined]  # for the tests to reach the back office
    return app
