"""« Commentaires »: a text area with a live counter x/5000 and a hard limit."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea

from ep_tui.domain.comment_checks import comment_warnings


class CommentArea(Vertical, can_focus=False):
    DEFAULT_CSS = """
    CommentArea { height: auto; }
    CommentArea TextArea { height: 8; }
    CommentArea .counter { color: $text-muted; text-align: right; width: 100%; }
    CommentArea .counter.-full { color: $warning; text-style: bold; }
    CommentArea .warnings { color: $warning; }
    """

    @dataclass
    class Edited(Message):
        area: CommentArea

    def __init__(self, text: str, *, limit: int, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.limit = limit
        self._initial = text[:limit]

    def compose(self) -> ComposeResult:
        yield TextArea(self._initial, soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
        yield Static("", classes="counter")
        yield Static("", classes="warnings")

    def on_mount(self) -> None:
        self._refresh_counter()
        self._refresh_warnings()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @text.setter
    def text(self, value: str) -> None:
        self.query_one(TextArea).text = value[: self.limit]

    def focus(self, scroll_visible: bool = True) -> CommentArea:
        self.query_one(TextArea).focus(scroll_visible)
        return self

    def to_end(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def _refresh_counter(self) -> None:
        length = len(self.text)
        counter = self.query_one(".counter", Static)
        counter.update(f"{length}/{self.limit}")
        counter.set_class(length >= self.limit, "-full")

    def _refresh_warnings(self) -> None:
        self.query_one(".warnings", Static).update(
            "\n".join(w.message for w in comment_warnings(self.text))
        )

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area = event.text_area
        if len(area.text) > self.limit:
            # The hard limit: what goes beyond is not kept (a paste is cut, and said so).
            area.text = area.text[: self.limit]
            area.move_cursor(area.document.end)
            self.notify(f"Commentaire limité à {self.limit} caractères.", severity="warning")
            return
        self._refresh_counter()
        self._refresh_warnings()
        self.post_message(self.Edited(self))
