"""The key bar at the bottom of every screen: Textual's ``Footer``, drawn with its keys from
the first frame and rebuilt only when the keys it shows change.

Textual's footer starts empty and rebuilds itself (a dozen widgets mounted, a layout, a
paint) after the first frame and then at every focus change — moving from Nom to Prénom
rebuilt it for the same keys. Opening a form paid that twice (bench/RESULTS.md, issue 4).
Its keys are built with their final classes, so none is styled twice.

Keys that do not fit whole are left out, from the first that does not: Textual cut the last
one under the palette's key (« f2 Accuei » at 80 columns), which read as a broken screen.
F1 and the palette list them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen

Shown = tuple[tuple[str, str, str, bool, str], ...]


class KeyFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self.set_reactive(Footer._bindings_ready, True)
        self._shown: Shown | None = None

    def keys_shown(self) -> Shown:
        """What the footer draws: every shown binding's key, label, action, state, tooltip."""
        return tuple(
            (binding.key, binding.description, binding.action, enabled, tooltip or "")
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.key == self.app.COMMAND_PALETTE_BINDING
        )

    def compose(self) -> ComposeResult:
        self._shown = self.keys_shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                # A key starts compact and is bound to the footer's « compact »: it would lose
                # the class just after mounting and be styled again, with a new layout. (The
                # palette's key is not bound: it stays compact.)
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self.keys_shown() != self._shown:
            self.call_after_refresh(self.recompose)

    def on_mount(self) -> None:
        self._fit(self.app.size.width)  # before the first layout: no second one

    async def recompose(self) -> None:
        await super().recompose()
        self._fit(self.size.width or self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        keys = list(self.query_children(FooterKey))
        palette = [key for key in keys if key.has_class("-command-palette")]
        room = width - sum(_width(key, width) for key in palette)
        for key in keys:
            if key not in palette:
                room -= _width(key, width)
                fits = room >= 0
                if key.display != fits:
                    key.display = fits
                if not fits:
                    room = -1  # the next ones go too: the keys keep their order


def _width(key: FooterKey, width: int) -> int:
    """The columns ``key`` takes in the bar, margins included (it is styled: mounted)."""
    area = Size(width, 1)
    return (key.get_content_width(area, area) + key.styles.gutter.width
            + key.styles.margin.width)  # fmt: skip
