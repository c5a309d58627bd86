"""Home page ready after « Valider »: from the key press in the organisme dialog to the home
page drawn with its catalogue and news, against the embedded mock server (``--demo``'s
transport, on a store file), in process. Target (issue 3): ≤ 300 ms.

The clock stops inside the app, at the home page's first completed refresh (a callback the
bench adds to ``HomeScreen.on_mount``), not when Pilot's idle heuristics let go — those wait
for the process to go quiet and would add their own delay to every sample."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.common import summary_ms
from ep_tui.api_client.client import EPClient
from ep_tui.app import make_app
from ep_tui.config import LocalState, Settings
from ep_tui.credentials import Credentials
from ep_tui.demo import DEMO_URL, EmbeddedServerTransport
from ep_tui.screens.home import HomeScreen
from ep_tui.services import Services


async def _measure(folder: Path, rounds: int) -> list[float]:
    from keyring.backends import fail

    from tests.tui.steps import highlight, settle, sign_in

    client = EPClient(DEMO_URL, transport=EmbeddedServerTransport(folder / "demo.sqlite3"))
    settings = Settings(server_url=DEMO_URL, news_interval=0, cursor_blink=False)
    services = Services(
        settings, client, Credentials(fail.Keyring()), LocalState(folder / "s.json"), "demo"
    )
    app = make_app(services)
    samples: list[float] = []
    ready = asyncio.Event()
    ready_at = 0.0
    original_on_mount = HomeScreen.on_mount

    def mark_ready() -> None:
        nonlocal ready_at
        ready_at = time.perf_counter()
        ready.set()

    def on_mount(screen: HomeScreen) -> None:
        original_on_mount(screen)
        screen.call_after_refresh(mark_ready)

    HomeScreen.on_mount = on_mount  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        for index in range(rounds):
            code = ("331", "911", "621")[index % 3]
            if index:
                await pilot.press("f4")
                await settle(pilot)
            await highlight(pilot, code)
            ready.clear()
            started = time.perf_counter()
            await pilot.press("enter")
            await ready.wait()
            samples.append(ready_at - started)
            await settle(pilot)
    HomeScreen.on_mount = original_on_mount  # type: ignore[method-assign]
    return samples


def run(rounds: int = 30) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        samples = asyncio.run(_measure(Path(folder), rounds))
    return summary_ms(samples)


if __name__ == "__main__":
    print(run())
