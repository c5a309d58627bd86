"""Forms, in process: key press to screen updated while the comment holds ~5,000 characters
(median ≤ 8 ms, p95 ≤ 16 ms), and opening a form (≤ 150 ms; issue 4), empty or with the person
filled (« Nouvelle demande pour cette personne », ≤ 150 ms; issue 17).

A key is posted the way the terminal driver posts it; the clock stops at the first refresh
after the form has reacted to the change (formatting, visibility, counter, warnings, draft
snapshot) — a callback the bench adds to the form's change handler."""

from __future__ import annotations

import asyncio
import gc
import tempfile
import time
from pathlib import Path

from textual import events

from bench.common import summary_ms
from ep_tui.screens.request_form import RequestFormScreen

STUCK = 60.0
"""Seconds after which a sample that never came is an error (a dialog in the way), not a
figure: the bench stops with a traceback instead of waiting forever."""

# An invented person, as a request's detail gives them (Person.form_values).
SAME_PERSON = {"civilite": "Madame", "nom": "GARNIER", "prenom": "Zoé",
               "date_naissance": "12/03/1958", "lieu_naissance": "Lyon",
               "telephone": "06.12.34.56.78"}  # fmt: skip


async def _measure(folder: Path, keys: int) -> dict:
    from keyring.backends import fail

    from ep_tui.api_client.client import EPClient
    from ep_tui.app import make_app
    from ep_tui.config import LocalState, Settings
    from ep_tui.credentials import Credentials
    from ep_tui.demo import DEMO_URL, EmbeddedServerTransport
    from ep_tui.services import Services
    from tests.tui.steps import home, settle

    client = EPClient(DEMO_URL, transport=EmbeddedServerTransport(folder / "demo.sqlite3"))
    settings = Settings(server_url=DEMO_URL, news_interval=0, cursor_blink=False,
                        data_dir=folder)  # fmt: skip
    services = Services(settings, client, Credentials(fail.Keyring()),
                        LocalState(folder / "s.json"), "demo")  # fmt: skip
    app = make_app(services)
    reacted = asyncio.Event()
    reacted_at = 0.0
    # _changed is registered by @on (a reference to the function): hook the snapshot it takes.
    original_draft = RequestFormScreen.snapshot
    original_mount = RequestFormScreen.on_mount

    def mark() -> None:
        nonlocal reacted_at
        reacted_at = time.perf_counter()
        reacted.set()

    def drafted(screen: RequestFormScreen):  # noqa: ANN202
        screen.call_after_refresh(mark)
        return original_draft(screen)

    def mounted(screen: RequestFormScreen) -> None:
        original_mount(screen)
        screen.call_after_refresh(mark)

    RequestFormScreen.snapshot = drafted  # type: ignore[method-assign]
    RequestFormScreen.on_mount = mounted  # type: ignore[method-assign]
    opening: list[float] = []
    prefilled: list[float] = []
    collecting: list[float] = []  # the full collection the app runs when a form is closed
    collection_started = 0.0

    def timed_collection(phase: str, info: dict) -> None:
        nonlocal collection_started
        if info["generation"] != 2:
            return
        if phase == "start":
            collection_started = time.perf_counter()
        else:
            collecting.append(time.perf_counter() - collection_started)

    comment_keys: list[float] = []
    single_paragraph_keys: list[float] = []
    name_keys: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await home(pilot)
            for _ in range(15):
                reacted.clear()
                started = time.perf_counter()
                app.action_new_request("etude")
                await asyncio.wait_for(reacted.wait(), STUCK)
                opening.append(reacted_at - started)
                await settle(pilot)
                gc.callbacks.append(timed_collection)
                app.pop_screen()
                await settle(pilot)
                gc.callbacks.remove(timed_collection)
            for _ in range(15):  # « Nouvelle demande pour cette personne »: the person filled
                reacted.clear()
                started = time.perf_counter()
                app.action_new_request("etude", SAME_PERSON)
                await asyncio.wait_for(reacted.wait(), STUCK)
                prefilled.append(reacted_at - started)
                await settle(pilot)
                form = app.screen
                assert isinstance(form, RequestFormScreen)
                form.forget_draft()  # a kept draft would ask « Reprendre ? » the next time
                app.pop_screen()
                await settle(pilot)
            app.action_new_request("etude")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, RequestFormScreen)
            area = form.query_one("#control-commentaire TextArea")
            area.focus()

            async def fill_comment(text: str) -> None:
                area.text = text  # type: ignore[attr-defined]
                area.move_cursor(area.document.end)  # type: ignore[attr-defined]
                await settle(pilot)

            async def press(samples: list[float], character: str) -> None:
                reacted.clear()
                started = time.perf_counter()
                app.post_message(events.Key(character, character))
                await asyncio.wait_for(reacted.wait(), STUCK)
                samples.append(reacted_at - started)

            # A comment as technicians write them: paragraphs of a few lines.
            paragraph = "Dossier complet, pièces jointes regroupées dans un seul PDF. " * 4
            await fill_comment(("\n".join([paragraph.strip()] * 40))[:4900])
            for index in range(keys):
                await press(comment_keys, "abcdefghij"[index % 10])
                if index % 10 == 9:
                    await settle(pilot)
            # The worst case: one single paragraph of 4,900 characters.
            await fill_comment(("Dossier complet, pièces jointes regroupées. " * 120)[:4900])
            for index in range(30):
                await press(single_paragraph_keys, "abcdefghij"[index % 10])
            form.query_one("#control-nom").focus()
            await settle(pilot)
            for index in range(25):  # Nom takes 30 characters: beyond, nothing changes
                await press(name_keys, "prince"[index % 6])
    finally:
        RequestFormScreen.snapshot = original_draft  # type: ignore[method-assign]
        RequestFormScreen.on_mount = original_mount  # type: ignore[method-assign]
    return {
        "open": summary_ms(opening),
        "prefilled": summary_ms(prefilled),
        "collect": summary_ms(collecting),
        "comment": summary_ms(comment_keys),
        "single_paragraph": summary_ms(single_paragraph_keys),
        "name": summary_ms(name_keys),
    }


def run(keys: int = 90) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(_measure(Path(folder), keys))


if __name__ == "__main__":
    print(run())
