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
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
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


async def test_a_key_in_the_comment_renders_the_rows_it_draws_not_the_screen(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual rendered, for each partial frame, every widget whose container overlaps its
    rows, each whole: a key in the comment rendered the screen's 40 rows, the form's 38 and
    its scrollbar's, the banner, the key bar and every field block in view
    (textual_compat/rows.py). Now the rows the frame draws, and the terminal still shows
    what a whole frame would."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        form = await open_form(pilot, "etude")
        form.query_one("#control-commentaire TextArea").focus()
        await settle(pilot)  # the form scrolled to the comment: every row drawn
        await pilot.press("x")  # the first key saves a draft: its line appears, a new layout
        await settle(pilot)
        terminal = _Terminal(app, (120, 40))
        terminal.draw_whole(app.screen)
        rendered: list[tuple[str, int]] = []
        render_lines = Widget.render_lines

        def counted(widget: Widget, crop: Region) -> list[Strip]:
            rendered.append((type(widget).__name__, crop.height))
            return render_lines(widget, crop)

        monkeypatch.setattr(Widget, "render_lines", counted)
        for key in ("a", "b", "enter", "c", "backspace"):
            rendered.clear()
            await pilot.press(key)
            await settle(pilot)
            names = {name for name, _ in rendered}
            assert "CommentText" in names, rendered
            assert names.isdisjoint({"Banner", "KeyFooter", "FooterKey"}), rendered
            assert all(height <= 12 for _, height in rendered), f"{key}: {rendered}"
            assert terminal.matches_a_full_frame(app.screen), key


def _styles(screen: Screen) -> list[tuple[str, object, object]]:
    """Every node's own rules and its component classes' rules, in the order of the tree."""
    return [(repr(node), node.styles.base.get_rules(),
             {name: styles.get_rules() for name, styles in node._component_styles.items()})
            for node in screen.walk_children(with_self=True)]  # fmt: skip


def _styled_as_textual_styles_it(app: object, screen: Screen) -> bool:
    """Whether each node of ``screen`` has the rules Textual's own stylesheet gives it."""
    sheet = app.stylesheet  # type: ignore[attr-defined]
    ours = _styles(screen)
    sheet.__class__ = Stylesheet  # Textual's own: every rule read, every node matched
    try:
        sheet.update(screen)
        return _styles(screen) == ours
    finally:
        sheet.__class__ = NarrowedStylesheet


@pytest.mark.parametrize("theme", ["ep", "ep-contraste"])
async def test_each_node_is_styled_as_the_whole_stylesheet_styles_it(
    tmp_path: Path, clock: Clock, theme: str
) -> None:
    """The app's stylesheet shows ``apply`` only the rules naming something of the node, and
    gives a node shaped like one styled before the rules that one got when the pseudo-classes
    they depend on answer the same (textual_compat/rules.py): each node of the home page and
    of the form (fields, drop-down, key bar), of the form opened again (from what the first
    found), and as the focus moves through it (``:focus``, ``:focus-within``, in states met
    before and not), gets the very rules Textual's own stylesheet gives it, also after the
    stylesheet is rebuilt for another theme."""
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        app.theme = theme
        await settle(pilot)
        assert isinstance(app.stylesheet, NarrowedStylesheet)
        assert _styled_as_textual_styles_it(app, app.screen)
        assert _styled_as_textual_styles_it(app, await open_form(pilot, "etude"))
        app.pop_screen()
        await settle(pilot)
        form = await open_form(pilot, "etude")
        assert _styled_as_textual_styles_it(app, form)
        for key in ("tab", "tab", "tab", "shift+tab", "shift+tab", "shift+tab", "tab"):
            await pilot.press(key)
            await settle(pilot)
            assert _styled_as_textual_styles_it(app, form), (key, app.focused)


async def test_a_form_opened_again_is_styled_without_matching_its_rules_again(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matching the rules against each node's path was most of styling a form; opened again,
    its nodes are the shapes an earlier opening met, in the same states. (The first opening
    of a session meets kinds of widget not met before: their rules are added to the
    stylesheet, which starts afresh; the second remembers them all.)"""
    from ep_tui.textual_compat import rules

    matched = 0
    matches = rules._matches

    def counting(*arguments: object) -> bool:
        nonlocal matched
        matched += 1
        return matches(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(rules, "_matches", counting)
    app = build_app(tmp_path, clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await home(pilot)
        counts = []
        for _ in range(3):
            matched = 0
            await open_form(pilot, "etude")
            counts.append(matched)
            app.pop_screen()
            await settle(pilot)
    first, _, again = counts
    assert first > 1_000 and again * 20 < first, counts


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
