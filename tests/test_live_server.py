"""Through a real uvicorn on 127.0.0.1: the CLI, the OpenAPI document, a dropped connection on
a real socket, and a store that survives a restart."""

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from ep_contract.wire import NewRequest
from ep_tui.api_client import errors
from ep_tui.api_client.client import EPClient, RetryPolicy
from ep_tui.api_client.idempotency import new_idempotency_key
from tests.live_server import live_server
from tests.support import VALID_VALUES

pytestmark = pytest.mark.network


async def no_wait(_: float) -> None:
    pass


def test_cli_help_and_loopback_only() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "mock_server", "--help"], capture_output=True, text=True, check=True
    )
    for option in ("--host", "--port", "--db", "--enable-test-controls", "--reset"):
        assert option in shown.stdout
    refused = subprocess.run(
        [sys.executable, "-m", "mock_server", "--host", "0.0.0.0"], capture_output=True, text=True
    )
    assert refused.returncode == 2 and "--allow-remote" in refused.stderr


async def test_real_server_serves_openapi_and_the_workflow(tmp_path: Path) -> None:
    with live_server(tmp_path / "store.sqlite3") as url:
        async with httpx.AsyncClient(base_url=url) as http:
            spec = (await http.get("/openapi.json")).json()
        assert spec["openapi"].startswith("3.")
        assert "/api/v1/organismes/{code}/requests" in spec["paths"]
        assert "/api/v1/_test/faults" in spec["paths"]
        async with EPClient(url, sleep=no_wait) as client:
            await client.sign_in("mlapierre", "demo")
            # A connection really dropped mid-answer, after the work: retried, filed once.
            async with httpx.AsyncClient(base_url=url) as http:
                await http.post(
                    "/api/v1/_test/faults",
                    json={
                        "path_prefix": "/api/v1/organismes/331/requests",
                        "methods": ["POST"],
                        "drop": "after",
                        "times": 1,
                    },
                )
            key = new_idempotency_key()
            filed = await client.file_request(
                "331", NewRequest(service="rdv", values=VALID_VALUES["rdv"]), idempotency_key=key
            )
            history = await client.history("331")
            assert [i.number for i in history.items].count(filed.number) == 1
            assert history.total == 151

        # The store is a file: the request is still there after a restart.
    with live_server(tmp_path / "store.sqlite3") as url:
        async with EPClient(url, sleep=no_wait) as client:
            await client.sign_in("mlapierre", "demo")
            assert (await client.request(filed.number)).number == filed.number
            again = await client.file_request(
                "331", NewRequest(service="rdv", values=VALID_VALUES["rdv"]), idempotency_key=key
            )
            assert again.number == filed.number  # idempotency outlives the process


async def test_a_stopped_server_is_unavailable(tmp_path: Path) -> None:
    with live_server(tmp_path / "store.sqlite3") as url:
        pass
    async with EPClient(url, retry=RetryPolicy(attempts=1), sleep=no_wait) as client:
        with pytest.raises(errors.Unavailable) as caught:
            await client.sign_in("mlapierre", "demo")
    assert url in caught.value.message
