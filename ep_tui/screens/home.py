"""The home page (manual §III): banner, top bar, the news, the grid of the 1 to 5 ODS the
organisme offers, and the newsletter switch. In history-only mode (an ended convention) the
« Nouvelle demande » buttons are disabled and say why."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static, Switch

from ep_tui.api_client import errors
from ep_tui.screens.base import SafetyNet
from ep_tui.services import Services
from ep_tui.session import Session, Workspace
from ep_tui.widgets.banner import Banner, TopBar
from ep_tui.widgets.footer import KeyFooter
from ep_tui.widgets.news import NewsCarousel, NewsFeed
from ep_tui.widgets.service_card import ServiceCard

HISTORY_ONLY_REASON = (
    "Conventionnement terminé : vous ne pouvez plus déposer de nouvelle demande, "
    "mais vous pouvez consulter l'historique des demandes."
)
CARD_DISABLED_REASON = "Indisponible : conventionnement terminé."
NEWSLETTER = "Je souhaite recevoir la newsletter par e-mail"


class HomeScreen(SafetyNet, Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding(
            "n",
            "all_news",
            "Voir tout",
            id="home.news",
            tooltip="Toutes les actualités de l'organisme",
        ),
    ]

    def __init__(self, services: Services, session: Session, workspace: Workspace) -> None:
        super().__init__()
        self.services = services
        self.session = session
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        workspace = self.workspace
        yield Banner(self.session.me, workspace.organisme)
        yield TopBar()
        with VerticalScroll(id="body"):
            if workspace.history_only:
                yield Static(HISTORY_ONLY_REASON, id="history-only")
            if workspace.news:
                with Horizontal(id="news"):
                    yield NewsCarousel(
                        workspace.news, interval=self.services.settings.news_interval
                    )
                    if len(workspace.news) > 3:
                        yield NewsFeed(workspace.news)
                with Horizontal(id="news-actions"):
                    yield Button(
                        "Voir tout",
                        id="all-news",
                        compact=True,
                        tooltip=f"Les {workspace.news_total} actualités",
                    )
                    yield Static(classes="spacer")
                    yield Static(NEWSLETTER, classes="switch-label")
                    yield Switch(self.session.me.newsletter, id="newsletter")
            yield Static("Offres de services", classes="section-title")
            reason = CARD_DISABLED_REASON if workspace.history_only else None
            with Grid(id="services"):
                for service in workspace.catalogue.services:
                    yield ServiceCard(service, disabled_reason=reason)
            if not workspace.news:
                with Horizontal(id="news-actions"):
                    yield Static(classes="spacer")
                    yield Static(NEWSLETTER, classes="switch-label")
                    yield Switch(self.session.me.newsletter, id="newsletter")
        yield KeyFooter()

    def on_mount(self) -> None:
        # No news: straight to the services, as the portal sends the technician to filing.
        if self.workspace.news:
            self.query_one(NewsCarousel).focus()
        else:
            first = self.query(f"#services {ServiceCard.__name__} Button").first()
            if not first.disabled:
                first.focus()
            else:
                self.query_one("#history", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "all_news":
            return bool(self.workspace.news)
        return True

    def on_resize(self) -> None:
        # Two columns of cards when there is room, one on a narrow terminal.
        self.query_one("#services", Grid).styles.grid_size_columns = (
            2 if self.size.width >= 100 else 1
        )

    @on(Button.Pressed, "#all-news")
    def action_all_news(self) -> None:
        if self.workspace.news:
            from ep_tui.screens.news import NewsScreen

            self.app.push_screen(NewsScreen(self.services, self.workspace.organisme))

    @on(Switch.Changed, "#newsletter")
    def _newsletter(self, event: Switch.Changed) -> None:
        if event.value != self.session.me.newsletter:
            self._save_newsletter(event.value)

    @work(exclusive=True, group="newsletter", exit_on_error=False)
    async def _save_newsletter(self, subscribed: bool) -> None:
        switch = self.query_one("#newsletter", Switch)
        try:
            self.session.me = await self.services.client.set_newsletter(subscribed)
        except errors.ApiError as error:
            with switch.prevent(Switch.Changed):
                switch.value = self.session.me.newsletter
            self.notify(f"Abonnement non enregistré : {error.message}", severity="error")
            return
        self.notify(
            "Abonnement à la newsletter enregistré."
            if subscribed
            else "Désabonnement de la newsletter enregistré."
        )
