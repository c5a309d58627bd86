"""Every write path under every fault of the mock server's controls (latency, error statuses,
dropped connections, « fail the next N »), in the real app: what was typed survives, and the
write lands exactly once. docs/RELIABILITY.md is rendered from these results."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from ep_tui.api_client.client import EPClient
from ep_tui.app import EPApp, make_app
from ep_tui.config import LocalState, Settings
from ep_tui.credentials import Credentials
from ep_tui.services import Services
from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from mock_server.transport import LoopbackTransport
from tests.faults.matrix import FAULTS, OBSERVED, Injected, Outcome, expected
from tests.faults.write_paths import PATHS, Flow, WritePath, store_counter
from tests.support import Api
from tests.tui.harness import SERVER_URL

pytestmark = pytest.mark.faults


async def no_wait(_: float) -> None:
    """The client's back-off between retries: the retries happen, the waiting does not."""


def app_for(tmp_path: Path, clock: Clock, client: EPClient, server_url: str) -> EPApp:
    services = Services(
        settings=Settings(server_url=server_url, news_interval=0, cursor_blink=False,
                          data_dir=tmp_path, draft_delay=0, poll_interval=0),
        client=client,
        credentials=Credentials(__import__("keyring.backends.fail").backends.fail.Keyring()),
        state=LocalState(tmp_path / "state.json"),
        server_label=server_url,
        today=clock.today,
        now=clock.now,
    )  # fmt: skip
    return make_app(services)


async def run_path(path: WritePath, flow: Flow, arm, disarm) -> Outcome:  # noqa: ANN001
    """Prepare, fault, write; after a failure check what is kept, lift the fault, write again."""
    await path.prepare(flow)
    await arm()
    await path.act(flow)
    if path.succeeded(flow):
        return Outcome(first_try=True, effects=path.effects(flow))
    kept, said = path.kept(flow), path.said(flow)
    await disarm()
    await path.act(flow)
    return Outcome(first_try=False, kept=kept, second_try=path.succeeded(flow),
                   effects=path.effects(flow), said=said)  # fmt: skip


@pytest.mark.parametrize("injected", FAULTS, ids=[f.name for f in FAULTS])
@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
async def test_a_fault_loses_nothing_and_writes_once(
    path: WritePath, injected: Injected, tmp_path: Path, clock: Clock
) -> None:
    store = tmp_path / "store.sqlite3"
    server = create_app(Database(store), clock=clock, test_controls=True)
    client = EPClient(SERVER_URL, transport=LoopbackTransport(server), sleep=no_wait)
    app = app_for(tmp_path, clock, client, SERVER_URL)
    async with httpx.AsyncClient(transport=LoopbackTransport(server), base_url=SERVER_URL) as http:

        async def arm() -> None:
            fault = injected.fault(path.method, path.path_prefix)
            response = await http.post("/api/v1/_test/faults", json=fault.model_dump())
            assert response.status_code == 204

        async def disarm() -> None:
            assert (await http.delete("/api/v1/_test/faults")).status_code == 204

        async with app.run_test(size=(120, 40)) as pilot:
            flow = Flow(pilot, Api(http, clock), store_counter(store), tmp_path)
            outcome = await run_path(path, flow, arm, disarm)
    OBSERVED[(path.name, injected.name)] = outcome
    assert outcome == expected(path.name, injected), outcome.said
    if not outcome.first_try:
        assert outcome.said.strip(), "a failure must be said"
