"""``GET /me`` while the sign-in is flooded (issue 15), on a real ``ep-mock-server`` process
over loopback sockets: the latency a working technician sees while 100 concurrent wrong
sign-ins hit one account from another address. Before the fix scrypt ran on the event loop
and ``/me`` took up to 10.8 s; the target is p95 ≤ 100 ms.

Measured: 60 sequential ``GET /me`` calls (each from send to the whole answer read) alone,
then 60 more while the flood is sent; the flood's own answers (401 and 429) are counted."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import summary_ms
from tests.live_server import live_server

CALLS = 60
FLOOD = 100


async def _me_times(http: httpx.AsyncClient, headers: dict[str, str]) -> list[float]:
    times = []
    for _ in range(CALLS):
        started = time.perf_counter()
        response = await http.get("/api/v1/me", headers=headers)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    return times


async def _measure(url: str) -> dict:
    attacker = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    async with (
        httpx.AsyncClient(base_url=url) as http,
        httpx.AsyncClient(base_url=url, transport=attacker, timeout=60) as flood_http,
    ):
        signed = await http.post("/api/v1/session",
                                 json={"username": "mlapierre", "password": "demo"})  # fmt: skip
        headers = {"Authorization": f"Bearer {signed.json()['token']}"}
        quiet = await _me_times(http, headers)
        flood = [
            flood_http.post("/api/v1/session", json={"username": "vchausson", "password": f"x{n}"})
            for n in range(FLOOD)
        ]
        flooded, *answers = await asyncio.gather(_me_times(http, headers), *flood)
        statuses = [a.status_code for a in answers]
    return {
        "quiet": summary_ms(quiet),
        "flooded": summary_ms(flooded),
        "refused_401": statuses.count(401),
        "refused_429": statuses.count(429),
    }


def run() -> dict:
    with tempfile.TemporaryDirectory() as folder, live_server(Path(folder) / "s.sqlite3") as url:
        return asyncio.run(_measure(url))


if __name__ == "__main__":
    print(run())
