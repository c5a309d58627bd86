"""Styling done once, not three times: two changes to when Textual applies the stylesheet.

1. ``StyledWhenMounted`` (for the App): Textual restyles a node against the whole stylesheet
   each time its classes change — also before it is mounted, where the constructor's classes
   are set one by one (a compact Button three times, an Input or a footer key once) and
   mounting styles it again anyway. Skipped, that was a third of the styling work of opening
   a form (bench/RESULTS.md, issue 4). Relies on ``App.update_styles`` being the one place a
   class change goes through.
2. ``StyledOnFirstResume`` (for a Screen): Textual styles every widget as it is mounted, then
   the whole screen again when it is first shown (~20 ms for a form), through the private
   ``Screen._on_screen_resume``. Only the screen node itself needs it then: it is styled
   before the app reads its CSS file, its children after. Later resumes (a dialog closed,
   the theme changed meanwhile) keep Textual's full refresh.

Upstream: the first resume uses ``ScreenResume.refresh_styles``, added for this kind of saving
by Textualize/textual#6314; the cost of restyling whole subtrees is Textualize/textual#6524
(closed). No upstream issue asks for either skip yet (none could be opened from where this
was written: see the package's docstring). Each mixin can go once a Textual that
skips it itself is pinned; tests/test_textual_compat.py fails if the corners they rely on move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ep_tui.textual_compat.mixins import AppMixin, ScreenMixin

if TYPE_CHECKING:
    from textual import events
    from textual.dom import DOMNode


class StyledWhenMounted(AppMixin):
    """App mixin, before ``App`` in the bases."""

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if node.is_attached:
            super().update_styles(node, animate)


class StyledOnFirstResume(ScreenMixin):
    """Screen mixin, before ``Screen`` in the bases. Textual runs the ``_on_screen_resume``
    of every class along the chain, this one before Screen's own."""

    _resumed_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False
            self.app.stylesheet.apply(self)
