"""Fixtures shared by every test: no test touches the user's real folders or keyring, the
server runs in process with a frozen clock, and nothing leaves loopback."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import settings as hypothesis_settings

from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from mock_server.transport import LoopbackTransport
from tests.support import Api

PARIS = ZoneInfo("Europe/Paris")
DEFAULT_GC_THRESHOLD = gc.get_threshold()
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=PARIS)
"""The frozen instant of every test (a Sunday morning, the day this project started)."""

# Property tests run the same cases every time (CI must be reproducible), keep no example
# database in the tree, and are never timed (performance is measured in bench/).
hypothesis_settings.register_profile("ep", derandomize=True, database=None, deadline=None)
hypothesis_settings.load_profile("ep")


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point HOME, the XDG folders and keyring at a temporary place for every test."""
    home = tmp_path / "home"
    for name, sub in {
        "HOME": "",
        "XDG_CONFIG_HOME": ".config",
        "XDG_DATA_HOME": ".local/share",
        "XDG_CACHE_HOME": ".cache",
        "XDG_STATE_HOME": ".local/state",
        "XDG_RUNTIME_DIR": "run",
    }.items():
        path = home / sub if sub else home
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(path))
    # The null backend: any test that reaches keyring by accident stores nothing anywhere.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    for variable in [v for v in __import__("os").environ if v.startswith("EP_TUI_")]:
        monkeypatch.delenv(variable)
    yield home


@pytest.fixture(autouse=True)
def unfreeze_collector() -> Iterator[None]:
    """The app freezes its start-up objects out of the collector's way (EPApp.startup_done);
    tests build many apps in one process, so give them back after each test."""
    yield
    gc.unfreeze()
    gc.set_threshold(*DEFAULT_GC_THRESHOLD)


@pytest.fixture
def clock() -> Clock:
    return Clock(frozen_at=NOW)


@pytest.fixture
def app(clock: Clock) -> FastAPI:
    return create_app(Database(":memory:"), clock=clock, test_controls=True)


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=LoopbackTransport(app), base_url="http://ep.test"
    ) as client:
        yield client


@pytest.fixture
def api(http: httpx.AsyncClient, clock: Clock) -> Api:
    return Api(http, clock)
