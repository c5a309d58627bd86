"""Steps shared by the Pilot and snapshot tests: what a technician does, key by key."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from ep_tui.screens.organisme import OrganismeDialog


async def settle(pilot: Pilot) -> None:
    """Let messages, workers and refreshes finish (no waiting for time)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_into(pilot: Pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).focus()
    await pilot.press(*text)


async def sign_in(pilot: Pilot, username: str = "mlapierre", password: str = "demo") -> None:
    await settle(pilot)
    await type_into(pilot, "#username", username)
    await pilot.press("enter")
    await type_into(pilot, "#password", password)
    await pilot.press("enter")
    await settle(pilot)


async def highlight(pilot: Pilot, code: str) -> None:
    dialog = pilot.app.screen
    assert isinstance(dialog, OrganismeDialog), dialog
    options = dialog.query_one(OptionList)
    options.focus()
    options.highlighted = next(i for i, o in enumerate(dialog.organismes) if o.code == code)
    await settle(pilot)


async def choose(pilot: Pilot, code: str, *, go_on: bool = True) -> None:
    """Choose the organisme and press Valider; then Continuer if the state asks for it."""
    await highlight(pilot, code)
    await pilot.press("enter")
    await settle(pilot)
    dialog = pilot.app.screen
    asks_to_go_on = isinstance(dialog, OrganismeDialog) and not dialog.query_one(
        "#continue"
    ).has_class("hidden")
    if go_on and asks_to_go_on:
        await pilot.click("#continue")
        await settle(pilot)


async def home(pilot: Pilot, code: str = "331", username: str = "mlapierre") -> None:
    await sign_in(pilot, username)
    await choose(pilot, code)


def at_home(code: str = "331", *keys: str, username: str = "mlapierre"):
    """A ``run_before`` for snapshots: signed in, on that organisme's home page, keys pressed."""

    async def run(pilot: Pilot) -> None:
        await home(pilot, code, username)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)

    return run


async def expire_session(pilot: Pilot, clock) -> None:  # noqa: ANN001 - the server's Clock
    """Let the 8-hour session end, then touch the server (the newsletter switch)."""
    from textual.widgets import Switch

    clock.advance(9 * 3600)
    pilot.app.screen.query_one("#newsletter", Switch).value = True
    await pilot.pause()
    await pilot.pause()


async def until_screen(pilot: Pilot, kind: type) -> None:
    """Let messages run until a dialog a worker waits on is up (settle would wait forever)."""
    for _ in range(50):
        if isinstance(pilot.app.screen, kind):
            return
        await pilot.pause()
    raise AssertionError(f"{kind.__name__} never showed; on screen: {pilot.app.screen}")
