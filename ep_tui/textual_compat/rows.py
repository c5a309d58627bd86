"""A partial frame renders the rows it draws, not every widget whole.

Textual draws a change (a key in a field, a cursor moving, a counter) as a partial frame:
the rows of the widgets that changed. To build it, ``Compositor._get_renders`` renders every
widget whose *clip* — the visible area of its container — overlaps those rows, and each of
them whole: the screen (all its rows), the form's scrolling container and its scrollbar,
the banner and the key bar (their container is the screen, which overlaps everything), each
field block in view; the rows outside the frame are then thrown away.

``RowsCompositor`` narrows each widget's clip to the frame's rows while it renders, so a
widget outside them is not rendered at all, and one across them renders those rows only — as
Textual already does for a widget partly scrolled out of view. Columns are left alone: a
frame's pieces are cut at the widgets' edges, which a narrower clip would move. A whole frame
(a new screen, a resize) has every row: nothing changes for it.

Measured on a key in a 4,900-character comment at 120×40: widgets rendered per key 18 → 8,
rows rendered 175 → 60 (tests/tui/test_screen_costs.py checks the bounds).

``RendersChangedRows`` (for a Screen, before ``Screen`` in the bases) gives the screen one.

Upstream: no issue asks for it (docs/UPSTREAM.md, §11). tests/test_textual_compat.py fails
if ``_get_renders`` stops reading the widgets' clips from ``visible_widgets``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual._compositor import Compositor
from textual.geometry import Region

from ep_tui.textual_compat.mixins import ScreenMixin

if TYPE_CHECKING:
    from textual.strip import Strip
    from textual.widget import Widget


class RowsCompositor(Compositor):
    def _get_renders(
        self, crop: Region | None = None
    ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            return super()._get_renders(crop)
        every_widget = self.visible_widgets
        top, height = crop.y, crop.height
        in_rows: dict[Widget, tuple[Region, Region]] = {}
        for widget, (region, clip) in every_widget.items():
            rows = clip.intersection(Region(clip.x, top, clip.width, height))
            if rows.overlaps(region):
                in_rows[widget] = (region, rows)
        self._visible_widgets = in_rows
        try:  # rendered here, while Textual's code reads the narrowed clips
            return list(super()._get_renders(crop))
        finally:
            # A widget rendering may have the map rebuilt (``find_widget``), which drops
            # this cache: it is then recomputed from the new map, not put back stale.
            if self._visible_widgets is in_rows:
                self._visible_widgets = every_widget


class RendersChangedRows(ScreenMixin):
    """Screen mixin, before ``Screen`` in the bases."""

    def __init__(self, *arguments: Any, **keywords: Any) -> None:
        super().__init__(*arguments, **keywords)
        self._compositor.__class__ = RowsCompositor
