"""A new screen laid out once where Textual lays it out three or four times.

Textual lays a screen out when it is first shown (``_on_screen_resume``), and then again:

- that layout gives the screen itself its size, so it posts the screen a ``Resize``, whose
  handler (``_on_resize`` → ``_screen_resized``) lays the screen out at the same size (and
  the screens below it);
- the ``Layout`` messages its children sent while mounting are handled after it, and flag
  one more; only the timer's own path clears the screen's flag after laying out;
- ``push_screen`` waits for the screen to be mounted and then asks for a layout of it, which
  comes after the screen was laid out;
- that layout sets every widget's virtual size to what it computed, and the reactive asks for
  the next layout.

What is skipped here is only what the layout just done has answered:

``LayoutNotRepeated`` (for a Screen, before ``Screen`` in the bases):

1. ``_screen_resized`` does nothing for the screen on top when it is already laid out at that
   very size; a real change of the terminal's size goes through as before. The screens below
   are still laid out again: skipping them too made the home page drawn whole twice when the
   sign-in screen under it was removed (tests/tui/test_screen_costs.py).
2. After a full layout, the screen's flag is cleared, as the timer's path does.
3. A ``Layout`` message sent before the last full layout began is dropped: its ancestors'
   arrangements were cleared when it was sent, so that layout saw the change.
4. While a full layout sets the virtual sizes it computed, setting one asks no layout (it
   still repaints, and its watchers run): scroll views keep their own, and their scrollbars
   ask their own layout when they appear or go. Drawing, at the end of the layout, is not
   covered: what is counted as it is drawn may change a layout. Clearing the widgets' flags
   after the layout instead made the news of « Voir tout » lose their bodies two runs in
   three (tests/tui/test_snapshots.py::test_all_news) — probably because it also cleared
   requests made before the layout, which this does not touch.

``PushedScreenLaidOut`` (for the App, before ``App`` in the bases): once a pushed screen is
mounted, its layout is asked only if it has not been laid out yet.

A pick list's first drawing is covered too (ep_tui.widgets.pick_list).

Upstream: no issue asks for any of these (docs/UPSTREAM.md, §9). tests/test_textual_compat.py
fails if the private corners this relies on move.
"""

from __future__ import annotations

from asyncio import Task, create_task, wait
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal, cast

from textual import _time, messages
from textual.widget import AwaitMount, Widget

from ep_tui.textual_compat.mixins import AppMixin, ScreenMixin

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen


_VIRTUAL_SIZE = Widget.virtual_size
"""Asks a layout when set (``layout=True``); a full layout sets every widget's to what it has
just computed."""


@contextmanager
def virtual_size_asks_no_layout() -> Iterator[None]:
    """Within: setting a widget's virtual size does not ask the screen for a layout (it still
    repaints, and its watchers run). For a virtual size that no layout depends on: one the
    layout itself computed, or a scroll view's — scroll views ignore the layout's, and their
    scrollbars ask their own layout when they appear or go (``show_*_scrollbar``)."""
    asked = _VIRTUAL_SIZE._layout
    _VIRTUAL_SIZE._layout = False
    try:
        yield
    finally:
        _VIRTUAL_SIZE._layout = asked


class LayoutNotRepeated(ScreenMixin):
    """Screen mixin, before ``Screen`` in the bases."""

    def _screen_resized(self, size: Size) -> None:
        if self is self.app.screen and size == self._compositor.size:
            return  # laid out at this size already: by its first resume, or a resize
        super()._screen_resized(size)

    _laid_out_from = float("-inf")
    """When the last full layout started (Textual's clock, as a message's ``time``)."""

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        started = _time.get_time()
        if not scroll and self.is_current and not self.app._batch_count:
            # 4. The virtual sizes this layout gives do not ask for the next one.
            with virtual_size_asks_no_layout():
                super()._refresh_layout(size, scroll)
        else:
            super()._refresh_layout(size, scroll)
        if not scroll:
            self._laid_out_from = started
            self._layout_required = False

    def _compositor_refresh(self) -> None:
        # Called at the end of a layout: what drawing changes (a text's lines counted as it is
        # drawn) may need the next layout, and asks it.
        asked = _VIRTUAL_SIZE._layout
        _VIRTUAL_SIZE._layout = True
        try:
            super()._compositor_refresh()
        finally:
            _VIRTUAL_SIZE._layout = asked

    async def _on_layout(self, message: messages.Layout) -> None:
        if message.time < self._laid_out_from:
            # Sent (its ancestors' arrangements cleared) before a full layout that began
            # after it: answered. Screen's own handler would flag one more layout.
            message.stop()
            message.prevent_default()


class _ScreenMounted(AwaitMount):
    """``AwaitMount`` for a pushed screen: Textual's, but the layout it asks once the screen is
    mounted is asked only if the screen has not been laid out meanwhile."""

    def __await__(self) -> Generator[None, None, None]:
        async def await_mount() -> None:
            waiting: list[Task[Literal[True]]] = [
                create_task(widget._mounted_event.wait(), name="await mount")
                for widget in self._widgets
            ]
            if waiting:
                await wait(waiting)
                screen = cast("Screen[Any]", self._parent)
                if not screen._compositor.size:
                    screen.refresh(layout=True)
                screen.app._update_mouse_over(screen.screen)

        return await_mount().__await__()


class PushedScreenLaidOut(AppMixin):
    """App mixin, before ``App`` in the bases."""

    def _get_screen(self, screen: Screen[Any] | str) -> tuple[Screen[Any], AwaitMount]:
        pushed = self.get_screen(screen)
        if pushed.is_running:
            return super()._get_screen(screen)
        mounted = _ScreenMounted(pushed, self._register(self, pushed))
        self.call_next(mounted)
        return pushed, mounted
