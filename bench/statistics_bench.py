"""« Pilotage du partenariat » (issue 18) on the 100,000-request store, in process.

- server: ``GET /api/v1/statistics`` through the whole app (authentication, validation,
  JSON) over ``httpx.ASGITransport``: one organisme (CPAM GIRONDE, 80 % of the store) and a
  year, the years 2024–2026 in turn; every organisme over five years. Targets: p50 ≤ 50 ms,
  p99 ≤ 150 ms; ≤ 300 ms.
- screen: from the F12 key to the first frame with the figures, at 120×40, against the
  embedded server on a copy of the store (its query included). Target ≤ 300 ms.
- report: the printable report and the CSV built from five years of every organisme, and
  written to a file (the figures already there, as on the screen). Target ≤ 2 s.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import BENCH_NOW, BULK, big_store, embedded_app, summary_ms
from mock_server.app import create_app
from mock_server.clock import Clock
from mock_server.db import Database
from mock_server.transport import LoopbackTransport

FIVE_YEARS = {"periode": "dates", "debut": "2021-11-23", "fin": "2026-11-22"}


async def _server(store: Path, calls: int) -> dict:
    db = Database(store)
    app = create_app(db, clock=Clock(BENCH_NOW), seed_if_empty=False)
    async with httpx.AsyncClient(transport=LoopbackTransport(app), base_url="http://b") as http:
        token = (
            await http.post("/api/v1/session", json={"username": "mlapierre", "password": "demo"})
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}

        async def timed(params: dict[str, str]) -> float:
            started = time.perf_counter()
            response = await http.get("/api/v1/statistics", params=params, headers=headers)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text
            return elapsed

        for year in ("2024", "2025", "2026"):  # warm SQLite's cache, as a running server is
            await timed({"organisme": "331", "annee": year})
        one = [await timed({"organisme": "331", "annee": ("2024", "2025", "2026")[i % 3]})
               for i in range(calls)]  # fmt: skip
        every = [await timed(FIVE_YEARS) for _ in range(max(3, calls // 5))]
        body = (await http.get("/api/v1/statistics", params=FIVE_YEARS, headers=headers)).content
    db.close()
    return {"one_year": summary_ms(one), "five_years": summary_ms(every), "body": body}


def _report(body: bytes, folder: Path, rounds: int) -> dict:
    from ep_contract.wire import Statistics
    from ep_tui.downloads import save_new_file
    from ep_tui.screens.copil_export import build

    figures = Statistics.model_validate_json(body)
    samples = []
    for index in range(rounds):
        started = time.perf_counter()
        for kind in ("txt", "csv"):
            save_new_file(folder, f"pilotage-{index}.{kind}", build(figures, kind))
        samples.append(time.perf_counter() - started)
    return summary_ms(samples)


async def _screen(store: Path, folder: Path, rounds: int) -> dict:
    from ep_tui.screens.statistics import StatisticsScreen
    from tests.tui.steps import home, settle

    app = embedded_app(store, folder)
    ready = asyncio.Event()
    ready_at = 0.0
    original = StatisticsScreen.watch_figures

    def mark_ready() -> None:
        nonlocal ready_at
        ready_at = time.perf_counter()
        ready.set()

    def watch_figures(screen: StatisticsScreen, figures: object) -> None:
        original(screen, figures)  # type: ignore[arg-type]
        screen.call_after_refresh(mark_ready)

    StatisticsScreen.watch_figures = watch_figures  # type: ignore[method-assign]
    samples = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await home(pilot, "331")
            for _ in range(rounds):
                ready.clear()
                started = time.perf_counter()
                await pilot.press("f12")
                await ready.wait()
                samples.append(ready_at - started)
                await settle(pilot)
                await pilot.press("escape")
                await settle(pilot)
    finally:
        StatisticsScreen.watch_figures = original  # type: ignore[method-assign]
    return summary_ms(samples)


def run(calls: int = 60, rounds: int = 15, *, bulk: int = BULK) -> dict:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = folder / "demo.sqlite3"
        shutil.copyfile(big_store(bulk), store)
        server = asyncio.run(_server(store, calls))
        report = _report(server.pop("body"), folder, max(3, rounds // 3))
        screen = asyncio.run(_screen(store, folder, rounds))
    return {**server, "report": report, "screen": screen}


if __name__ == "__main__":
    print(run())
