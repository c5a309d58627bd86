"""The history screen on the 100,000-request store, in process at 120×40 and a page size of
50: from the key press (« n », or Entrée in a filter) to the page rendered — the server's query
and the table's refresh together. Targets (issue 5): next page ≤ 100 ms, new filter ≤ 150 ms."""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import BULK, big_store, embedded_app, summary_ms
from ep_tui.screens.history import HistoryScreen

NAMES = ["martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand",
         "leroy", "moreau", "simon", "laurent", "lefebvre", "michel", "garcia"]  # fmt: skip


async def _measure(folder: Path, rounds: int, bulk: int) -> dict:
    from textual.widgets import Input, Select

    from tests.tui.steps import home, settle

    store = folder / "demo.sqlite3"
    shutil.copy(big_store(bulk), store)
    app = embedded_app(store, folder)
    shown = asyncio.Event()
    shown_at = 0.0
    original_show = HistoryScreen.show

    def mark() -> None:
        nonlocal shown_at
        shown_at = time.perf_counter()
        shown.set()

    def show(screen: HistoryScreen, page) -> None:  # noqa: ANN001
        original_show(screen, page)
        screen.call_after_refresh(mark)

    HistoryScreen.show = show  # type: ignore[method-assign]
    pages: list[float] = []
    filters: list[float] = []
    total = 0
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await home(pilot)
            await pilot.press("f3")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HistoryScreen)
            screen.query_one("#page-size", Select).value = 50
            await settle(pilot)
            total = screen.page.total if screen.page else 0
            for _ in range(rounds):
                screen.query_one("#table").focus()
                shown.clear()
                started = time.perf_counter()
                await pilot.press("n")
                await shown.wait()
                pages.append(shown_at - started)
                await settle(pilot)
            rng = random.Random(5)
            for index in range(rounds):
                field = screen.query_one("#f-personne", Input)
                field.value = rng.choice(NAMES) if index % 3 else ""
                if index % 2:
                    screen.query_one("#f-statut", Select).value = rng.choice(
                        ["Nouveau", "Résolu", "Clôturé"]
                    )
                field.focus()
                await settle(pilot)
                shown.clear()
                started = time.perf_counter()
                await pilot.press("enter")
                await shown.wait()
                filters.append(shown_at - started)
                await settle(pilot)
    finally:
        HistoryScreen.show = original_show  # type: ignore[method-assign]
    return {"page": summary_ms(pages), "filter": summary_ms(filters), "total": total}


def run(rounds: int = 40, *, bulk: int = BULK) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_measure(Path(folder), rounds, bulk))


if __name__ == "__main__":
    print(run())
