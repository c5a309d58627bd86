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
