"""What the app does so that screens open fast (bench/RESULTS.md, issue 4) changes nothing
but the cost: a closed page is freed as soon as the page below it is drawn, a dialog is left
to the collector, and a widget is styled once it is mounted — not for each class its
constructor sets."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Button

from ep_tui.screens.dialogs import HelpScreen
from ep_tui.screens.home import HomeScreen
from ep_tui.textual_compat.collector import FRAMES_TO_WAIT
from mock_server.clock import Clock
from tests.tui.forms import open_form
from tests.tui.harness import build_app
from tests.tui.steps import highlight, home, settle, sign_in


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
        # Full collections, again at the next frames while the page is there (this stand-in
        # frees nothing): at most one a frame, and never for ever.
        assert collections == [2] * (1 + FRAMES_TO_WAIT)


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


@pytest.mark.parametrize("from_home", [False, True], ids=["after sign-in", "from home (F4)"])
async def test_the_home_page_is_drawn_whole_once_when_an_organisme_is_chosen(
    tmp_path: Path, clock: Clock, from_home: bool
) -> None:
    """Over SSH every full frame is a screenful of bytes: the screens left (the dialog, the
    sign-in screen or the old home page) are removed before the new home page is drawn —
    removed after it, each removal repainted it whole again (bench/RESULTS.md)."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        if from_home:
            await home(pilot)
            await pilot.press("f4")
            await settle(pilot)
        else:
            await sign_in(pilot)
        await highlight(pilot, "331")
        frames: list[tuple[str, str]] = []
        display = app._display

        def counted(screen: Screen, renderable: object) -> None:
            if renderable is not None and not app._batch_count:
                frames.append((type(screen).__name__, type(renderable).__name__))
            display(screen, renderable)

        app._display = counted  # type: ignore[method-assign]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        whole = [screen for screen, update in frames if update == "LayoutUpdate"]
        assert whole == ["HomeScreen"], frames


async def test_a_new_form_is_laid_out_once_not_three_times(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual laid a new form out three times: at its first resume, again for the Resize
    that first layout sends the screen itself, once more on its timer for requests the first
    one had answered, and for the virtual sizes it had set itself or the attachment list set
    when first drawn (textual_compat/layout.py, widgets/pick_list.py). A real resize still
    lays out every screen, and the form is where it should be after each."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        layouts: list[str] = []
        refresh_layout = Screen._refresh_layout

        def counting(screen: Screen, size: object = None, scroll: bool = False) -> None:
            layouts.append(type(screen).__name__)
            refresh_layout(screen, size, scroll)  # type: ignore[arg-type]

        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        opened = await open_form(pilot, "etude")
        assert layouts.count("RequestFormScreen") == 1, layouts
        assert opened.query_one("#form").region.height == 40 - 2  # banner and key bar
        layouts.clear()
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert {"RequestFormScreen", "HomeScreen"} <= set(layouts), layouts
        assert opened.query_one("#form").region.size == (100, 30 - 2)


async def test_opening_a_form_focuses_its_first_field_only(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each focus change restyles the widget and all it holds: Textual's automatic focus
    gave it to the error summary, hidden at once, before the form gave it to its first
    field — two restylings for nothing."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        focused: list[str] = []
        set_focus = Screen.set_focus

        def recording(screen: Screen, widget: object, *args: object, **kwargs: object) -> None:
            if widget is not None:
                focused.append(getattr(widget, "id", None) or type(widget).__name__)
            set_focus(screen, widget, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Screen, "set_focus", recording)
        await open_form(pilot, "etude")
        assert focused == ["control-motif"]
