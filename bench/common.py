"""What the benchmarks share: the 100,000-request store, percentiles, the machine."""

from __future__ import annotations

import os
import platform
import statistics
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mock_server.db import SCHEMA_VERSION, Database
from mock_server.seed import populate_bulk, seed

DATA = Path(__file__).parent / "data"
BENCH_NOW = datetime(2026, 11, 22, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
BULK = 100_000


def big_store(count: int = BULK) -> Path:
    """A store file with the demo seed plus ``count`` requests, built once per schema version
    and reused. (A store of an earlier schema would be migrated on each copy, its new indexes
    without the statistics ANALYZE gives the planner: the history's p50 was 45 ms that way,
    21 ms on a store of this schema, in the same run.)"""
    path = DATA / f"store-{count}-schema{SCHEMA_VERSION}.sqlite3"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = Database(partial)
    seed(db, BENCH_NOW)
    populate_bulk(db, BENCH_NOW, count)
    db.connection.execute("ANALYZE")
    db.close()
    partial.rename(path)
    return path


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(samples: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of durations given in seconds, in milliseconds."""
    return {
        "n": len(samples),
        "p50": statistics.median(samples) * 1000,
        "p95": percentile(samples, 0.95) * 1000,
        "p99": percentile(samples, 0.99) * 1000,
        "max": max(samples) * 1000,
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 2**20:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; SQLite {__import__('sqlite3').sqlite_version}"
    )


def cpu_check_ms() -> float:
    """A fixed pure-Python loop, timed: the same machine runs it at very different speeds
    when its host is busy (a shared VM gave 139 ms and, minutes later, 250 ms). Recorded at
    the start and the end of a run, it says whether the numbers were taken at full speed."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(3_000_000))
        best = min(best, time.perf_counter() - started)
    return best * 1000


def embedded_app(store: Path, folder: Path) -> Any:
    """The app against the embedded server on ``store`` (``--demo``'s transport), polling and
    the carousel off, its files in ``folder``: what the in-process screen benches drive."""
    from keyring.backends import fail

    from ep_tui.api_client.client import EPClient
    from ep_tui.app import make_app
    from ep_tui.config import LocalState, Settings
    from ep_tui.credentials import Credentials
    from ep_tui.demo import DEMO_URL, EmbeddedServerTransport
    from ep_tui.services import Services

    client = EPClient(DEMO_URL, transport=EmbeddedServerTransport(store))
    settings = Settings(server_url=DEMO_URL, news_interval=0, cursor_blink=False,
                        data_dir=folder, poll_interval=0)  # fmt: skip
    services = Services(settings, client, Credentials(fail.Keyring()),
                        LocalState(folder / "s.json"), "demo")  # fmt: skip
    return make_app(services)
