"""News (guide 001 §6): the 3 latest as a carousel, items 4 to 13 as a feed beside it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from ep_contract.domain.dates import format_day
from ep_contract.wire import NewsItem

CAROUSEL_SIZE = 3
FEED_END = 13


def news_date(item: NewsItem) -> str:
    return format_day(item.published_at)  # in Paris time


class NewsCarousel(Vertical, can_focus=True):
    """Moves on by itself every ``interval`` seconds (0: never — tests freeze it so);
    ← and → move by hand."""

    DEFAULT_CSS = """
    NewsCarousel {
        height: auto;
        min-height: 6;
        border: round $primary 60%;
        padding: 0 1;
    }
    NewsCarousel:focus {
        border: heavy $accent;
    }
    """
    BINDINGS = [
        Binding(
            "left",
            "previous",
            "Préc.",
            id="news.previous",
            tooltip="L'actualité précédente du carrousel",
        ),
        Binding(
            "right",
            "next",
            "Suiv.",
            id="news.next",
            tooltip="L'actualité suivante du carrousel",
        ),
        # A letter, so here only: typed anywhere else on the home page it would open a page.
        Binding("n", "screen.all_news", "Voir tout", id="news.all",
                tooltip="Toutes les actualités de l'organisme"),
    ]  # fmt: skip

    index: reactive[int] = reactive(0)

    def __init__(self, items: list[NewsItem], *, interval: float) -> None:
        super().__init__(id="carousel")
        self.items = items[:CAROUSEL_SIZE]
        self.interval = interval
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # One Static for the whole item: a home page of few widgets is drawn sooner. Built
        # with its first item: filled after mounting, it was drawn twice.
        yield Static(self._item_text(), id="carousel-item", markup=False)

    def on_mount(self) -> None:
        if self.interval > 0 and len(self.items) > 1:
            self._timer = self.set_interval(self.interval, self.action_next)

    def watch_index(self) -> None:
        if self.children:
            self.query_one("#carousel-item", Static).update(self._item_text())

    def _item_text(self) -> Text:
        if not self.items:
            return Text()
        item = self.items[self.index]
        dots = " ".join("●" if i == self.index else "○" for i in range(len(self.items)))
        return Text.assemble(
            (f"À la une  {dots}  {self.index + 1}/{len(self.items)}\n", "dim"),
            (f"{news_date(item)} — {item.title}\n", "bold"),
            item.body,
        )

    def action_next(self) -> None:
        if self.items:
            self.index = (self.index + 1) % len(self.items)

    def action_previous(self) -> None:
        if self.items:
            self.index = (self.index - 1) % len(self.items)
            if self._timer is not None:
                self._timer.reset()


class NewsFeed(Vertical):
    DEFAULT_CSS = """
    NewsFeed {
        height: auto;
        border: round $primary 60%;
        padding: 0 1;
    }
    NewsFeed .feed-title {
        text-style: bold;
    }
    NewsFeed #feed-lines {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, items: list[NewsItem]) -> None:
        super().__init__(id="feed")
        self.items = items[CAROUSEL_SIZE:FEED_END]

    def compose(self) -> ComposeResult:
        yield Static("Fil d'actualités", classes="feed-title", markup=False)
        lines = Text("\n").join(
            Text.assemble((news_date(item), "dim"), " ", item.title) for item in self.items
        )
        yield Static(lines, id="feed-lines", markup=False)
