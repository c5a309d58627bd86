"""A new screen laid out twice where Textual lays it out three times.

Textual lays a screen out when it is first shown (``_on_screen_resume``). That layout gives
the screen itself its size, so it posts the screen a ``Resize``, whose handler
(``_on_resize`` → ``_screen_resized``) lays the screen out again at the same size (and the
screens below it). Then a third layout follows on Textual's timer, because requests made
before the first one (each mount asks for a layout) are still flagged: only the timer's own
path clears the flag after laying out.

``LayoutNotRepeated`` (for a Screen, before ``Screen`` in the bases):

1. ``_screen_resized`` does nothing for the screen on top when it is already laid out at that
   very size; a real change of the terminal's size, or a first layout, goes through as
   before. The screens below are still laid out again: skipping them too made the home page
   drawn whole twice when the sign-in screen under it was removed
   (tests/tui/test_screen_costs.py).
2. After any full layout, the request flag is cleared, as Textual's timer path does: what was
   asked before it has been done by it. Requests that come after it (a widget whose content
   changed) are flagged anew and honoured.

Upstream: no issue asks for either (see docs/UPSTREAM.md). tests/test_textual_compat.py fails
if the private corners this relies on (``_screen_resized``, ``_refresh_layout``,
``_layout_required``, ``_compositor.size``) move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen

    _ScreenMixin = Screen
else:
    _ScreenMixin = object  # a Textual class in the bases would merge its CSS and bindings


class LayoutNotRepeated(_ScreenMixin):
    """Screen mixin, before ``Screen`` in the bases."""

    def _screen_resized(self, size: Size) -> None:
        if self is self.app.screen and size == self._compositor.size:
            return  # laid out at this size already: by its first resume, or a resize
        super()._screen_resized(size)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        super()._refresh_layout(size, scroll)
        if not scroll:
            self._layout_required = False
