"""What the app knows about the connected technician, as plain data (no UI)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ep_contract.domain.catalogue import Catalogue
from ep_contract.wire import Me, NewsItem, Organisme

if TYPE_CHECKING:
    from ep_tui.api_client.client import EPClient

NEWS_ON_HOME = 13
"""The news the home page's carousel holds."""


@dataclass
class Workspace:
    """Everything the home page shows for one organisme, loaded before it is shown."""

    organisme: Organisme
    catalogue: Catalogue
    news: list[NewsItem]
    news_total: int

    @property
    def history_only(self) -> bool:
        """An ended convention: the history can be consulted, nothing can be filed."""
        return not self.organisme.convention.can_file


@dataclass
class Session:
    me: Me
    organismes: list[Organisme] = field(default_factory=list)
    workspace: Workspace | None = None


async def load_workspace(client: EPClient, organisme: Organisme) -> Workspace:
    """What the home page of ``organisme`` shows, fetched at once (catalogue and news)."""
    import asyncio

    catalogue, news = await asyncio.gather(
        client.catalogue(organisme.code), client.news(organisme.code, limit=NEWS_ON_HOME)
    )
    return Workspace(organisme, catalogue, news.items, news.total)
