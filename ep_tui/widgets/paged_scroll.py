"""A scrolling page whose Page Up / Page Down count from where it is going.

Textual pages from where the scroll *is*, and scrolls only after the next refresh: three Page
Up arriving in a burst — as keys do over SSH, or typed ahead — each started from the same
place, and together moved one page (a walkthrough at 80×24 found it on a request's detail).
Here each key scrolls at once (``immediate``) and counts from where the scroll is going
(``scroll_target_y``, public, the end of a scroll still moving): one whole page a key.
"""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll


class PagedScroll(VerticalScroll):
    def scroll_page_up(self, **options: Any) -> None:
        page = self.scrollable_content_region.height
        self.scroll_to(y=self.scroll_target_y - page, **{"immediate": True, **options})

    def scroll_page_down(self, **options: Any) -> None:
        page = self.scrollable_content_region.height
        self.scroll_to(y=self.scroll_target_y + page, **{"immediate": True, **options})
