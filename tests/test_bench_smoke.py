"""Every benchmark still runs, and the report still reads what each returns: ``make bench``
takes half an hour and is run by hand, so a benchmark broken by a change went unseen until
the next run (it happened: the form bench once measured a method that no longer existed).
Tiny sizes, nothing timed or compared here — figures are bench/RESULTS.md's business."""

from __future__ import annotations

from pathlib import Path

import pytest

import bench.__main__ as bench_main
from bench import bytes_bench, common, sign_in_bench


def test_every_benchmark_runs_and_the_report_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "DATA", tmp_path / "data")  # not the real bench/data
    monkeypatch.setattr(bytes_bench, "IDLE_SECONDS", 0.5)
    monkeypatch.setattr(sign_in_bench, "CALLS", 3)
    monkeypatch.setattr(sign_in_bench, "FLOOD", 5)
    results = bench_main.measure(bench_main.SMOKE)
    text = bench_main.report(results)
    for section in ("# Benchmark results", "## Mock server, in process", "## App start-up",
                    "## Home page ready", "## Forms",
                    "## « Pilotage du partenariat »"):  # fmt: skip
        assert section in text
    assert results["history"]["store_requests"] > bench_main.SMOKE.bulk
    assert results["history"]["worklist"]["n"] > 0
    assert results["statistics"]["screen"]["n"] == bench_main.SMOKE.statistics_rounds
    assert results["form"]["open"]["n"] > 0 and results["home"]["n"] == bench_main.SMOKE.home_rounds
