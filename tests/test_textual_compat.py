"""What ep_tui/textual_compat relies on in Textual's private corners: if a Textual upgrade
renames or removes one of these, this fails before a screen silently speaks English again."""

from __future__ import annotations

import inspect

from textual.command import CommandPalette
from textual.widgets import Select


def test_the_palette_still_says_no_match_through_the_method_we_replace() -> None:
    source = inspect.getsource(CommandPalette)
    assert "self._start_no_matches_countdown(" in source  # Textual still calls it
    for name in ("_stop_no_matches_countdown", "_NO_MATCHES", "_list_visible"):
        assert hasattr(CommandPalette, name), name
    assert "_no_matches_timer" in inspect.getsource(CommandPalette.__init__)


def test_a_select_is_still_its_current_value_and_its_overlay() -> None:
    from textual.widgets._select import SelectCurrent, SelectOverlay

    compose = inspect.getsource(Select.compose)
    assert "SelectCurrent(self.prompt)" in compose
    assert "SelectOverlay(type_to_search=self._type_to_search)" in compose
    assert issubclass(SelectOverlay, object) and issubclass(SelectCurrent, object)
    assert ("escape", "dismiss", "Dismiss menu") in SelectOverlay.BINDINGS  # what we replace


def test_the_footer_still_waits_for_bindings_ready_and_builds_footer_keys() -> None:
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    assert "_bindings_ready" in Footer._reactives  # type: ignore[attr-defined]
    assert "self._bindings_ready" in inspect.getsource(Footer.compose)
    assert "FooterKey(" in inspect.getsource(Footer.compose)
    assert "compact" in FooterKey._reactives  # type: ignore[attr-defined]


def test_input_and_text_area_still_take_text_in_on_key_and_bindings_from_the_map() -> None:
    from textual.widgets import Input, TextArea

    for widget in (Input, TextArea):
        assert "_on_key" in widget.__dict__, widget
        assert "check_consume_key" in widget.__dict__, widget
    assert hasattr(Input()._bindings, "key_to_bindings")


def test_the_first_resume_can_still_skip_restyling_and_update_styles_takes_every_node() -> None:
    from textual import events
    from textual.app import App
    from textual.dom import DOMNode
    from textual.screen import Screen

    assert events.ScreenResume(refresh_styles=False).refresh_styles is False
    source = inspect.getsource(Screen._on_screen_resume)
    assert "event.refresh_styles" in source and "update_node_styles" in source
    assert list(inspect.signature(App.update_styles).parameters) == ["self", "node", "animate"]
    assert "self.app.update_styles(self" in inspect.getsource(DOMNode)


def _textual_private_names() -> set[str]:
    """Every ``self._name`` Textual's own code uses: its private attributes and methods."""
    import re
    from pathlib import Path

    import textual

    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names.update(re.findall(r"\bself\.(_[a-z]\w*)", path.read_text(encoding="utf-8")))
    return names


def test_nothing_outside_textual_compat_touches_a_private_textual_name() -> None:
    """Imports of a private module or name, ``TextualClass._name``, a method overriding one of
    Textual's private ones, and ``self._name`` where only Textual defines ``_name``."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "ep_tui"
    textual_private = _textual_private_names()
    found: list[str] = []
    for path in sorted(package.rglob("*.py")):
        if "textual_compat" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(package.parent)
        from_textual: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual"):
                parts = (node.module or "").split(".")
                if any(part.startswith("_") for part in parts):
                    found.append(f"{where}:{node.lineno} imports {node.module}")
                for alias in node.names:
                    from_textual.add(alias.asname or alias.name)
                    if alias.name.startswith("_"):
                        found.append(f"{where}:{node.lineno} imports {alias.name}")
        own: set[str] = set()  # what the module itself defines or assigns
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                own.add(node.name)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                own.add(node.attr)
            elif isinstance(node, (ast.AnnAssign, ast.Assign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                own.update(t.id for t in targets if isinstance(t, ast.Name))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_")):
                continue
            if node.attr.startswith("__"):
                continue
            base = node.value
            if isinstance(base, ast.Name) and base.id in from_textual:
                found.append(f"{where}:{node.lineno} {base.id}.{node.attr}")
            elif node.attr in textual_private and node.attr not in own:
                found.append(f"{where}:{node.lineno} ….{node.attr} (Textual's)")
    assert found == []


def test_no_class_outside_textual_compat_overrides_a_private_textual_method() -> None:
    import importlib
    import pkgutil

    import ep_tui

    overrides: set[str] = set()
    for module_info in pkgutil.walk_packages(ep_tui.__path__, "ep_tui."):
        if module_info.name == "ep_tui.__main__":
            continue
        module = importlib.import_module(module_info.name)
        for cls in vars(module).values():
            if not (isinstance(cls, type) and cls.__module__ == module.__name__):
                continue
            textual_bases = [b for b in cls.__mro__ if b.__module__.startswith("textual.")]
            # The class and its mixins: an override in a mixin counts as much.
            ours = [
                b
                for b in cls.__mro__
                if b.__module__.startswith("ep_tui.") and ".textual_compat" not in b.__module__
            ]
            for owner in ours:
                for name, value in vars(owner).items():
                    # Methods only: Textual's class set-up writes private class attributes
                    # (_decorated_handlers, _css_type_name…) on every subclass.
                    private = name.startswith("_") and not name.startswith("__")
                    private = private and inspect.isfunction(value)
                    if private and any(name in vars(base) for base in textual_bases):
                        overrides.add(f"{owner.__module__}.{owner.__qualname__}.{name}")
    assert sorted(overrides) == []


def test_a_toggle_still_makes_its_label_in_make_label() -> None:
    from textual.widgets._toggle_button import ToggleButton

    assert "Content.from_text(label)" in inspect.getsource(ToggleButton._make_label)
    assert "self._make_label(" in inspect.getsource(ToggleButton)


def test_a_screen_is_still_laid_out_again_by_its_own_resize_and_by_the_flag() -> None:
    from textual.screen import Screen

    assert "self._screen_resized(event.size)" in inspect.getsource(Screen._on_resize)
    assert "self._refresh_layout(size)" in inspect.getsource(Screen._screen_resized)
    timer = inspect.getsource(Screen._on_timer_update)
    assert "if self._layout_required:" in timer and "self._layout_required = False" in timer
    assert list(inspect.signature(Screen._refresh_layout).parameters) == ["self", "size", "scroll"]
    assert "self._compositor.reflow(self, size)" in inspect.getsource(Screen._refresh_layout)


def test_layout_requests_still_come_as_timed_messages_and_a_push_still_asks_one() -> None:
    from textual import _time, messages
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import AwaitMount, Widget

    assert "self._layout_required = True" in inspect.getsource(Screen._on_layout)
    assert "screen.post_message(messages.Layout(" in inspect.getsource(Widget._check_refresh)
    assert messages.Layout(Widget()).time <= _time.get_time()
    assert "self._parent.refresh(layout=True)" in inspect.getsource(AwaitMount.__await__)
    assert "_mounted_event.wait()" in inspect.getsource(AwaitMount.__await__)
    get_screen = inspect.getsource(App._get_screen)
    assert "await_mount = AwaitMount(_screen, widgets)" in get_screen
    assert "self.call_next(await_mount)" in get_screen
    assert "self._get_screen(screen)" in inspect.getsource(App.push_screen)


def test_a_layout_still_sets_each_virtual_size_through_the_reactive_and_draws_last() -> None:
    from textual.reactive import Reactive
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.widget import Widget
    from textual.widgets import OptionList

    assert isinstance(Widget.virtual_size, Reactive) and Widget.virtual_size._layout is True
    assert "self.virtual_size = virtual_size" in inspect.getsource(Widget._size_updated)
    assert "virtual_size = self.virtual_size" in inspect.getsource(ScrollView._size_updated)
    assert "self._update_lines()" in inspect.getsource(OptionList.render_lines)
    for name in ("show_vertical_scrollbar", "show_horizontal_scrollbar"):
        assert getattr(Widget, name)._layout is True, name
    source = inspect.getsource(Screen._refresh_layout)
    assert source.rindex("self._compositor_refresh()") > source.index("widget._size_updated(")


def test_a_screen_still_repaints_whole_for_its_focus_and_after_its_first_layout() -> None:
    """What textual_compat.repaint drops: the repaint ``Screen.focused`` asks, and the one
    ``_on_screen_resume`` asks right after the layout that drew the screen."""
    from textual.reactive import Reactive
    from textual.screen import Screen
    from textual.widget import Widget

    from ep_tui.textual_compat.repaint import RepaintsWhatChanged

    assert isinstance(Screen.focused, Reactive) and Screen.focused._repaint is True
    assert RepaintsWhatChanged.focused._repaint is False
    resume = inspect.getsource(Screen._on_screen_resume)
    assert resume.index("self._refresh_layout(size)") < resume.rindex("self.refresh()")
    assert resume.rstrip().endswith("self.refresh()")
    timer = inspect.getsource(Screen._on_timer_update)
    assert "if self._repaint_required:" in timer and "self._dirty_widgets.add(self)" in timer
    refresh = inspect.getsource(Widget.refresh)
    assert "self._repaint_required = True" in refresh and "self._set_dirty(*regions)" in refresh
    assert "self._repaint_regions.add(" in inspect.getsource(Widget._set_dirty)
    assert "self.refresh_bindings()" in inspect.getsource(Screen._watch_focused)


def test_apply_still_reads_the_rules_through_the_two_properties_and_the_app_sets_it() -> None:
    """What textual_compat.rules narrows: ``apply`` reads ``self.rules_map`` under the node's
    selector names and filters ``reversed(self.rules)``; the App sets ``self.stylesheet``."""
    from textual.app import App
    from textual.css.stylesheet import Stylesheet

    from ep_tui.textual_compat.rules import NarrowedStylesheet

    apply = inspect.getsource(Stylesheet.apply)
    assert "rules_map = self.rules_map" in apply
    assert "rules_map.keys() & node._selector_names" in apply
    assert "reversed(self.rules)" in apply
    assert apply.count("self.rules") == 2  # nowhere else
    assert isinstance(Stylesheet.__dict__["rules"], property)
    assert isinstance(Stylesheet.__dict__["rules_map"], property)
    assert "self.stylesheet = Stylesheet(" in inspect.getsource(App.__init__)
    assert "self.stylesheet = stylesheet" in inspect.getsource(App)
    assert "self.apply(virtual_node" in inspect.getsource(Stylesheet._process_component_classes)
    # What it remembers: the rules ``apply`` finds through ``self._check_rule`` and gives
    # through ``self.replace_rules``, found by the matching textual_compat.rules copies.
    from textual.css import match
    from textual.css.model import Selector

    assert "_check_rule = self._check_rule" in apply
    assert "self.replace_rules(node, node_rules, animate=animate)" in apply
    assert "_check_selectors(selector_set.selectors, css_path_nodes)" in inspect.getsource(
        Stylesheet._check_rule
    )
    check = inspect.getsource(Selector.check)
    assert (
        "self._check(node) and" in check and "node.has_pseudo_classes(self.pseudo_classes)" in check
    )
    matching = inspect.getsource(match._check_selectors)
    assert matching.count("selector.check(path_node)") == 2
    assert matching.count("node_index + selector.advance") == 2
    sheet = NarrowedStylesheet()
    sheet.add_source("Label { color: red; } .x { color: blue; }")
    sheet.parse()
    assert [rule.css for rule in sheet._candidates(frozenset({"Label"}))[0]] == [sheet.rules[0].css]


async def test_what_changes_a_layout_still_asks_for_one() -> None:
    """textual_compat.layout keeps a layout's own virtual sizes and a pick list's first
    drawing from asking a second layout; everything that does change one still asks: a list
    that grows past its height gets its scrollbar, one emptied shrinks, a text that wraps
    pushes what follows, a log sized by its lines grows with them."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Log, Static

    from ep_tui.textual_compat.layout import LayoutNotRepeated, PushedScreenLaidOut
    from ep_tui.widgets.pick_list import PickList

    class Page(LayoutNotRepeated, Screen[None]):
        def compose(self) -> ComposeResult:
            yield PickList("un", id="list")
            yield Static("court", id="text")
            yield Static("fin", id="end")
            yield Log(id="log")
            yield Static("après", id="after")

    class Tall(PushedScreenLaidOut, App[None]):
        CSS = """
        PickList { height: auto; max-height: 4; border: none; padding: 0; }
        Static { width: 20; }
        Log { height: auto; }
        """

        def on_mount(self) -> None:
            self.push_screen(Page())

    app = Tall()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, Page)
        listed, text, end = (app.screen.query_one(f"#{n}") for n in ("list", "text", "end"))
        assert isinstance(listed, PickList)
        assert (listed.region.height, text.region.y) == (1, 1)
        listed.add_options([f"choix {n}" for n in range(10)])
        await pilot.pause()
        assert listed.region.height == 4 and listed.show_vertical_scrollbar
        assert text.region.y == 4
        listed.clear_options()
        await pilot.pause()
        assert listed.region.height == 0 and not listed.show_vertical_scrollbar
        assert text.region.y == 0
        text.update("un texte qui passe à la ligne plusieurs fois " * 2)
        await pilot.pause()
        assert text.region.height > 1 and end.region.y == text.region.bottom
        log, after = app.screen.query_one(Log), app.screen.query_one("#after")
        log.write_lines(["une", "deux", "trois"])  # a scroll view sized by its virtual size
        await pilot.pause()
        assert log.region.height >= 3 and after.region.y == log.region.bottom


def test_a_partial_frame_still_renders_from_the_clips_in_visible_widgets() -> None:
    """What textual_compat.rows narrows: ``_get_renders`` takes each widget's region and clip
    from ``visible_widgets`` (its ``_visible_widgets`` cache) and renders the part of the
    region inside the clip; ``_render_chops`` places the lines of ``region ∩ clip``; a screen
    still builds its compositor in ``__init__``."""
    from textual._compositor import Compositor
    from textual.screen import Screen

    renders = inspect.getsource(Compositor._get_renders)
    assert "visible_widgets = self.visible_widgets" in renders
    assert "if crop_overlaps(clip)" in renders
    assert "intersection(region, clip)" in renders
    assert "return self._visible_widgets" in inspect.getsource(Compositor.visible_widgets.fget)
    chops = inspect.getsource(Compositor._render_chops)
    assert "render_region = intersection(region, clip)" in chops
    assert "renders = self._get_renders(crop)" in chops
    assert "self._compositor = Compositor()" in inspect.getsource(Screen.__init__)
