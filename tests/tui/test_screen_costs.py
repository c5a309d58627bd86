"""What the app does so that screens open fast (bench/RESULTS.md, issue 4) changes nothing
but the cost: a closed page is freed as soon as the page below it is drawn, a dialog is left
to the collector, and a widget is styled once it is mounted — not for each class its
constructor sets."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from textual.widgets import Button

from ep_tui.screens.dialogs import HelpScreen
from ep_tui.screens.home import HomeScreen
from mock_server.clock import Clock
from tests.tui.forms import open_form
from tests.tui.harness import build_app
from tests.tui.steps import home, settle


async def test_a_closed_form_is_freed_once_the_page_below_is_drawn(
    tmp_path: Path, clock: Clock
) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        closed = weakref.ref(await open_form(pilot, "etude"))
        await pilot.press("escape")  # nothing typed: the form closes without asking
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        # Its widgets, messages and timers hold one another in cycles: only the cyclic
        # collector frees them, and the app ran it once the home page was drawn.
        assert closed() is None


async def test_closing_a_dialog_does_not_run_the_collector(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    collections: list[int] = []
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        monkeypatch.setattr(gc, "collect", lambda generation=2: collections.append(generation))
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert collections == []
        await open_form(pilot, "contact")
        await pilot.press("escape")
        await settle(pilot)
        assert collections == [2]


async def test_a_widget_is_styled_when_mounted_not_for_each_class_before(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        restyled: list[object] = []
        update_nodes = app.stylesheet.update_nodes

        def counting(nodes, animate=False):  # noqa: ANN001, ANN202
            nodes = list(nodes)
            restyled.extend(nodes)
            return update_nodes(nodes, animate=animate)

        monkeypatch.setattr(app.stylesheet, "update_nodes", counting)
        # Its constructor sets three classes (variant, style, compact): none restyles it.
        button = Button("Essai", variant="primary", compact=True)
        button.add_class("flagged")
        assert restyled == []
        await app.screen.mount(button)
        await settle(pilot)
        assert button.has_class("-primary", "-textual-compact", "flagged")
        primary = button.styles.background
        # Once mounted, a class change restyles it, as before.
        button.remove_class("-primary")
        assert button in restyled
        assert button.styles.background != primary
