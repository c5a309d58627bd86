"""Every write path against a real ``ep-mock-server`` on 127.0.0.1, killed (SIGKILL, no
graceful shutdown) just before the write and restarted on the same port and store: the
failure is said, nothing typed is lost, and the second try lands exactly once."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from ep_tui.api_client.client import EPClient
from mock_server.clock import Clock
from tests.faults.matrix import OBSERVED, RESTART, expected
from tests.faults.test_faults import app_for, no_wait, run_path
from tests.faults.write_paths import PATHS, Flow, WritePath, store_counter
from tests.live_server import free_port, running_server
from tests.support import Api

pytestmark = [pytest.mark.faults, pytest.mark.network]


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
async def test_a_server_killed_and_restarted_loses_nothing(path: WritePath, tmp_path: Path):
    store, port, clock = tmp_path / "store.sqlite3", free_port(), Clock()
    with ExitStack() as lives:
        server = lives.enter_context(running_server(store, port=port))
        client = EPClient(server.url, sleep=no_wait)
        app = app_for(tmp_path, clock, client, server.url)
        async with httpx.AsyncClient(base_url=server.url) as http:

            async def kill() -> None:
                server.kill()

            async def restart() -> None:
                lives.enter_context(running_server(store, port=port))

            async with app.run_test(size=(120, 40)) as pilot:
                flow = Flow(pilot, Api(http, clock), store_counter(store), tmp_path)
                outcome = await run_path(path, flow, kill, restart)
    OBSERVED[(path.name, RESTART)] = outcome
    assert outcome == expected(path.name, None), outcome.said
    assert "ne répond pas" in outcome.said, outcome.said
