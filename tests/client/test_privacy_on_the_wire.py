"""Nothing personal in the logs, checked where the logging happens: through a real socket to a
real ``ep-mock-server`` (httpcore, which logs every header at DEBUG, never runs in process),
with a received attachment named after the person — its ``Content-Disposition`` holds the
name (issue 15)."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest

from ep_contract.wire import NewRequest
from ep_tui.api_client.client import EPClient
from ep_tui.api_client.idempotency import new_idempotency_key
from tests.live_server import live_server
from tests.support import PDF, VALID_VALUES

pytestmark = pytest.mark.network

SECRETS = ("ZARBIDOU", "Anatole", "13/07/1977", "1977-07-13", "06.98.76.54.32", "personnel")


async def resolve_with_a_named_file(url: str, number: str) -> None:
    async with httpx.AsyncClient(base_url=url) as agent:
        credentials = {"username": "agent331", "password": "demo"}
        token = (await agent.post("/api/v1/backoffice/session", json=credentials)).json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        uploaded = await agent.post(
            "/api/v1/backoffice/attachments", headers={**headers, "Idempotency-Key": "a1"},
            files={"file": ("Attestation ZARBIDOU Anatole.pdf", PDF)},
        )  # fmt: skip
        for path, body in (("take", None), ("resolution", {
            "answer": "Droits ouverts.", "attachment_ids": [uploaded.json()["id"]]})):  # fmt: skip
            answer = await agent.post(f"/api/v1/backoffice/requests/{number}/{path}", json=body,
                                      headers={**headers, "Idempotency-Key": path})  # fmt: skip
            assert answer.status_code == 204, answer.text


async def test_no_personal_data_in_any_log_through_a_real_socket(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    values = {**VALID_VALUES["etude"], "nom": "ZARBIDOU", "prenom": "Anatole",
              "date_naissance": "13/07/1977", "telephone": "06.98.76.54.32",
              "commentaire": "Commentaire très personnel"}  # fmt: skip
    with live_server(tmp_path / "store.sqlite3") as url:
        async with EPClient(url) as client:
            caplog.set_level(logging.DEBUG)
            await client.sign_in("mlapierre", "demo")
            upload = await client.upload("ZARBIDOU Anatole.pdf", PDF,
                                         idempotency_key=new_idempotency_key())  # fmt: skip
            filed = NewRequest(service="etude", values=values, attachment_ids=[upload.id])
            detail = await client.file_request("331", filed, idempotency_key=new_idempotency_key())
            caplog.set_level(logging.WARNING)  # the agent's side is not the app's
            await resolve_with_a_named_file(url, detail.number)
            caplog.set_level(logging.DEBUG)
            received = (await client.request(detail.number)).attachments_received
            content = await client.download(detail.number, received[0].id)
    assert content == PDF
    logged = caplog.text
    assert "/api/v1/requests/" in logged  # the calls are logged, nothing personal in them
    for secret in SECRETS:
        assert secret not in logged, secret
