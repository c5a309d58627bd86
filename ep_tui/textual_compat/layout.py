"""A new screen laid out twice where Textual lays it out three times.

Textual lays a screen out when it is first shown (``_on_screen_resume``), and then again:

- that layout gives the screen itself its size, so it posts the screen a ``Resize``, whose
  handler (``_on_resize`` → ``_screen_resized``) lays the screen out at the same size (and
  the screens below it);
- the ``Layout`` messages its children sent while mounting are handled after it, and flag
  one more; only the timer's own path clears the screen's flag after laying out;
- ``push_screen`` waits for the screen to be mounted and then asks for a layout of it, which
  comes after the screen was laid out.

What is skipped here is only what the layout just done has answered:

``LayoutNotRepeated`` (for a Screen, before ``Screen`` in the bases):

1. ``_screen_resized`` does nothing for the screen on top when it is already laid out at that
   very size; a real change of the terminal's size goes through as before. The screens below
   are still laid out again: skipping them too made the home page drawn whole twice when the
   sign-in screen under it was removed (tests/tui/test_screen_costs.py).
2. After a full layout, the screen's flag is cleared, as the timer's path does.
3. A ``Layout`` message sent before the last full layout began is dropped: its ancestors'
   arrangements were cleared when it was sent, so that layout saw the change.

``PushedScreenLaidOut`` (for the App, before ``App`` in the bases): once a pushed screen is
mounted, its layout is asked only if it has not been laid out yet.

Not skipped: the requests the widgets raise during the first layout (each one's virtual size
set, a text re-wrapped to its width). Dropping those whose virtual size was the one the
layout gave saved another 80,000 calls of a form's opening, and made « Voir tout »'s news
lose their bodies at 120×40 two runs in three (tests/tui/test_snapshots.py::test_all_news):
only a widget can tell whether its request is answered.

Upstream: no issue asks for any of these (docs/UPSTREAM.md, §9). tests/test_textual_compat.py
fails if the private corners this relies on move.
"""

from __future__ import annotations

from asyncio import Task, create_task, wait
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, Literal, cast

from textual import _time, messages
from textual.widget import AwaitMount

from ep_tui.textual_compat.mixins import AppMixin, ScreenMixin

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.screen import Screen


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
        super()._refresh_layout(size, scroll)
        if not scroll:
            self._laid_out_from = started
            self._layout_required = False

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
