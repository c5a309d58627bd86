"""Whole-screen repaints Textual asks for nothing: each is a screenful of bytes over SSH, and
drawing one costs a new form ~10 ms.

``RepaintsWhatChanged`` (for a Screen, before ``Screen`` in the bases):

1. **A focus change repaints the two widgets, not the screen.** ``Screen.focused`` is a
   reactive that repaints its screen when it changes, so every Tab wrote the whole screen
   again (measured: one full frame per Tab in a form). What a focus change shows is already
   repainted by the widgets it concerns: the one that gets the focus and the one that loses
   it restyle themselves (``:focus``, ``:blur``), their ancestors too (``:focus-within``),
   and the key bar listens to the screen's bindings signal, which the reactive's watcher
   still sends.
2. **A screen drawn whole by its first resume is not drawn whole again at once.** When a
   screen is first shown, ``Screen._on_screen_resume`` lays it out — which draws every cell,
   the screen having never been drawn — and then asks for a repaint of the whole screen,
   drawn again on the next frame. Only that one request, right after that one drawing, is
   dropped; later resumes (a dialog closed, a resize meanwhile) keep Textual's repaint.

Upstream: no issue asks for either (docs/UPSTREAM.md, §10). tests/test_textual_compat.py
fails if the corners this relies on move; tests/tui/test_screen_costs.py counts the frames.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from textual import _time, messages
from textual.reactive import Reactive
from textual.widget import Widget

from ep_tui.textual_compat.mixins import ScreenMixin

if TYPE_CHECKING:
    from textual import events
    from textual.geometry import Region, Size


class RepaintsWhatChanged(ScreenMixin):
    """Screen mixin, before ``Screen`` in the bases. Textual runs the ``_on_screen_resume``
    of every class along the chain, this one before Screen's own."""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)  # type: ignore[assignment]

    _shown_before = False
    _first_resume = False
    _drawn_whole = False
    """Set by the layout of the first resume when it drew the screen; the resume's own
    repaint request, which follows at once, is then dropped."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        self._first_resume = not self._shown_before
        self._shown_before = True
        self.call_next(self._resumed)  # after Screen's own handler, which follows this one

    def _resumed(self) -> None:
        self._first_resume = self._drawn_whole = False

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        drawn_now = self.is_current and not self.app._batch_count
        super()._refresh_layout(size, scroll)
        if self._first_resume:
            self._first_resume = False
            self._drawn_whole = drawn_now and not scroll

    def _compositor_refresh(self) -> None:
        compositor = self._compositor
        if self._first_resume and compositor.size.region in compositor._dirty_regions:
            # This draws every cell from what each widget is now: the repaints they asked
            # before it (their virtual sizes, set by the layout just done) are answered. One
            # asked while drawing is kept.
            self._drawn_whole_from = _time.get_time()
            for node in self.walk_children(with_self=True):
                if isinstance(node, Widget):
                    node._repaint_required = False
                    node._repaint_regions.clear()
        super()._compositor_refresh()

    _drawn_whole_from = float("-inf")
    """When the first drawing of the screen began (Textual's clock, as a message's ``time``)."""

    async def _on_update(self, message: messages.Update) -> None:
        if message.time < self._drawn_whole_from:
            # A widget's repaint asked while it was mounted, before the screen's first
            # drawing: drawn. Screen's own handler would draw it again.
            message.stop()
            message.prevent_default()

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._drawn_whole:
            self._drawn_whole = False
            if not regions and repaint and not layout and not recompose:
                return self  # the layout just drew every cell
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
