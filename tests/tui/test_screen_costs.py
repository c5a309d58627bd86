"""What the app does so that screens open fast (bench/RESULTS.md, issue 4) changes nothing
but the cost: a closed page is freed as soon as the page below it is drawn, a dialog is left
to the collector, and a widget is styled once it is mounted — not for each class its
constructor sets."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pyte
import pytest
from rich.console import Console
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen
from textual.widgets import Button

from ep_tui.screens.dialogs import HelpScreen
from ep_tui.screens.home import HomeScreen
from ep_tui.textual_compat.collector import FRAMES_TO_WAIT
from ep_tui.textual_compat.rules import NarrowedStylesheet
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


class _Terminal:
    """The frames the app writes, played into a terminal emulator (pyte), in colour: what a
    technician's terminal shows — which a skipped repaint would leave stale."""

    def __init__(self, app: object, size: tuple[int, int]) -> None:
        self.frames: list[tuple[str, str]] = []
        self.console = Console(color_system="truecolor", force_terminal=True, width=size[0],
                               height=size[1], legacy_windows=False)  # fmt: skip
        self.screen = pyte.Screen(*size)
        self._stream = pyte.Stream(self.screen)
        display = app._display  # type: ignore[attr-defined]

        def played(screen: Screen, renderable: object) -> None:
            if renderable is not None:
                self.frames.append((type(screen).__name__, type(renderable).__name__))
                self._stream.feed(renderable.render_segments(self.console))  # type: ignore[attr-defined]
            display(screen, renderable)

        app._display = played  # type: ignore[attr-defined]

    @staticmethod
    def cells(screen: pyte.Screen) -> list[list[tuple[str, str, str, bool, bool]]]:
        return [[(cell.data, cell.fg, cell.bg, cell.bold, cell.reverse)
                 for cell in (screen.buffer[y][x] for x in range(screen.columns))]
                for y in range(screen.lines)]  # fmt: skip

    def draw_whole(self, app_screen: Screen, screen: pyte.Screen | None = None) -> None:
        compositor = app_screen._compositor
        pending = set(compositor._dirty_regions)  # a full frame clears them: kept for the app
        whole = compositor.render_update(full=True)
        compositor._dirty_regions.update(pending)
        assert whole is not None
        pyte.Stream(screen or self.screen).feed(whole.render_segments(self.console))  # type: ignore[attr-defined]

    def matches_a_full_frame(self, app_screen: Screen) -> bool:
        fresh = pyte.Screen(self.screen.columns, self.screen.lines)
        self.draw_whole(app_screen, fresh)
        return self.cells(self.screen) == self.cells(fresh)


async def test_a_new_form_is_drawn_whole_once(tmp_path: Path, clock: Clock) -> None:
    """Its first layout draws every cell; Textual then drew the whole screen again on the
    next frame, for its own resume and for the virtual size that layout gave the screen
    (textual_compat/repaint.py). The terminal shows the form as a whole frame draws it."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        terminal = _Terminal(app, (120, 40))
        await open_form(pilot, "etude")
        whole = [screen for screen, update in terminal.frames if update == "LayoutUpdate"]
        assert whole == ["RequestFormScreen"], terminal.frames
        assert terminal.matches_a_full_frame(app.screen)


async def test_tab_repaints_the_fields_it_leaves_and_enters_not_the_screen(
    tmp_path: Path, clock: Clock
) -> None:
    """Over SSH a whole frame is a screenful of bytes: each Tab wrote one, because Textual
    repaints a screen when its focus changes (textual_compat/repaint.py). What the terminal
    shows after the partial frames is what a whole frame would show: nothing left stale."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        await open_form(pilot, "etude")
        terminal = _Terminal(app, (120, 40))
        terminal.draw_whole(app.screen)  # the form as it was drawn: where the terminal starts
        steps = [("tab", "control-civilite"), ("tab", "control-nom"), ("tab", "control-prenom"),
                 ("shift+tab", "control-nom")]  # fmt: skip
        for key, focused in steps:
            await pilot.press(key)
            await settle(pilot)
            assert app.focused is not None and app.focused.id == focused
            assert terminal.matches_a_full_frame(app.screen), key
        assert terminal.frames, "nothing was drawn"
        assert all(update == "ChopsUpdate" for _, update in terminal.frames), terminal.frames


def _styles(screen: Screen) -> list[tuple[str, object, object]]:
    """Every node's own rules and its component classes' rules, in the order of the tree."""
    return [(repr(node), node.styles.base.get_rules(),
             {name: styles.get_rules() for name, styles in node._component_styles.items()})
            for node in screen.walk_children(with_self=True)]  # fmt: skip


@pytest.mark.parametrize("theme", ["ep", "ep-contraste"])
async def test_narrowed_rules_style_every_node_as_the_whole_stylesheet_does(
    tmp_path: Path, clock: Clock, theme: str
) -> None:
    """The app's stylesheet shows ``apply`` only the rules naming something of the node
    (textual_compat/rules.py): each node of the form (fields, focus, drop-down, key bar) and
    of the home page gets the very rules Textual's own stylesheet gives it, also after the
    stylesheet is rebuilt for another theme."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        app.theme = theme
        await settle(pilot)
        screens = [app.screen, await open_form(pilot, "etude")]
        assert isinstance(app.stylesheet, NarrowedStylesheet)
        for screen in screens:
            narrowed = _styles(screen)
            app.stylesheet.__class__ = Stylesheet  # Textual's own, reading every rule
            try:
                app.stylesheet.update(screen)
                assert _styles(screen) == narrowed
            finally:
                app.stylesheet.__class__ = NarrowedStylesheet


async def test_styling_a_form_reads_fewer_than_half_the_rules(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual filtered the whole stylesheet for each node it styled: ~56,000 rules hashed to
    open a form; the app's stylesheet reads only the rules naming the node (~21,000: the
    universal and ``Widget`` rules name every node). Counted for the same opening with
    Textual's stylesheet and with the app's, once the app's has met these kinds of node."""
    app = build_app(tmp_path, clock)
    hashed = 0
    rule_hash = RuleSet.__hash__

    def counting(rule: RuleSet) -> int:
        nonlocal hashed
        hashed += 1
        return rule_hash(rule)

    monkeypatch.setattr(RuleSet, "__hash__", counting)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        counts = []
        for sheet in (NarrowedStylesheet, Stylesheet, NarrowedStylesheet):
            app.stylesheet.__class__ = sheet
            hashed = 0
            await open_form(pilot, "etude")
            counts.append(hashed)
            app.pop_screen()
            await settle(pilot)
    _, whole, narrowed = counts  # the first opening finds the rules of each kind of node
    assert whole > 20_000 and narrowed * 2 < whole, counts
