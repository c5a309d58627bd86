"""`make reliability` sets EP_RELIABILITY_DOC: once every cell of the table has run and
passed, docs/RELIABILITY.md is written from what the tests observed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.faults.matrix import FAULTS, OBSERVED, RESTART, render
from tests.faults.write_paths import PATHS


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    target = os.environ.get("EP_RELIABILITY_DOC")
    if not target:
        return
    cells = {(p.name, f) for p in PATHS for f in [*(f.name for f in FAULTS), RESTART]}
    missing = cells - OBSERVED.keys()
    if exitstatus != 0 or missing:
        print(f"\n{target} not written: {len(missing)} cells missing, exit status {exitstatus}")
        return
    Path(target).write_text(
        render(OBSERVED, [(p.name, p.kept_means) for p in PATHS]), encoding="utf-8"
    )
    print(f"\n{target} written from {len(cells)} results")
