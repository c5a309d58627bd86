"""« Voir tout »: every news item of the organisme, newest first."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ep_contract.wire import Me, Organisme
from ep_tui.api_client import errors
from ep_tui.screens.base import SafetyNet
from ep_tui.services import Services
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.widgets.banner import Banner
from ep_tui.widgets.news import news_date
from ep_tui.widgets.paged_scroll import PagedScroll


class NewsScreen(SafetyNet, Screen[None]):
    DEFAULT_CSS = """
    NewsScreen #news-title { text-style: bold; color: $primary; padding: 0 1; }
    NewsScreen #all { padding: 0 1; }
    NewsScreen .item { margin-bottom: 1; }
    NewsScreen .headline { text-style: bold; }
    """
    BINDINGS = [
        Binding(
            "escape",
            "app.pop_screen",
            "Retour",
            id="news.back",
            tooltip="Revenir à la page d'accueil",
        ),
    ]

    def __init__(self, services: Services, me: Me, organisme: Organisme) -> None:
        super().__init__()
        self.services = services
        self.me = me
        self.organisme = organisme

    def compose(self) -> ComposeResult:
        yield Banner(self.me, self.organisme)
        yield Static(Content(f"Actualités — {self.organisme.name}"), id="news-title", markup=False)
        yield PagedScroll(Static("Chargement…", markup=False), id="all", classes="focus-bar")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#all").focus()
        self._load()

    @work(exclusive=True, group="news", exit_on_error=False)
    async def _load(self) -> None:
        container = self.query_one("#all", VerticalScroll)
        try:
            page = await self.services.client.news(self.organisme.code, limit=100)
        except errors.ApiError as error:
            await container.remove_children()
            await container.mount(Static(Content(error.message), classes="error", markup=False))
            return
        await container.remove_children()
        await container.mount_all(
            Static(
                Content.assemble((f"{news_date(item)} — {item.title}", "bold"), "\n", item.body),
                classes="item",
                markup=False,
            )
            for item in page.items
        )
