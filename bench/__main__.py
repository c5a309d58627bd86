"""``python -m bench`` (``make bench``): run every benchmark and write ``bench/RESULTS.md``."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import history_bench
from bench.common import machine

RESULTS = Path(__file__).parent / "RESULTS.md"


def _row(name: str, result: dict, target: str) -> str:
    return (
        f"| {name} | {result['n']} | {result['p50']:.1f} | {result['p95']:.1f} | "
        f"{result['p99']:.1f} | {result['max']:.1f} | {target} |"
    )


def main() -> int:
    print("history and filing at 100,000 requests…", file=sys.stderr)
    history = asyncio.run(history_bench.run())
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {machine()}.",
        "",
        "## Mock server, in process (issue 2)",
        "",
        f"Store: {history['store_requests']:,} requests (the demo seed plus 100,000: 80 % of "
        "them in the history of one structure at one organisme, the worst case for that "
        "history). Each call goes through the whole app — authentication, validation, SQL, "
        "JSON — over `httpx.ASGITransport`; durations in milliseconds.",
        "",
        "| measure | calls | p50 | p95 | p99 | max | target |",
        "|---|---|---|---|---|---|---|",
        _row("history query, any filters and sort", history["history"], "p50 ≤ 20, p99 ≤ 100"),
        _row("file a request", history["filing"], "p50 ≤ 30"),
        "",
        "History queries are random combinations of 0 to 4 of the 8 filters, any sort column "
        "and order, page sizes 10–100, 30 % of them deep pages. The five slowest:",
        "",
        *[f"- {ms} ms: `{params}`" for ms, params in history["slowest_queries"]],
        "",
        "How the store is indexed: see the docstring of `mock_server/db.py` — one composite "
        "index per sortable column for unfiltered pages (walked in order, stopped after one "
        "page), and one covering index of every filterable column for filtered counts and "
        "pages (one sequential index scan with a top-N sort, then only the page's rows are "
        "read).",
        "",
    ]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
