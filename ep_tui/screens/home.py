"""The home page (manual §III): banner, top bar, the news, the grid of the 1 to 5 ODS the
organisme offers, and the newsletter switch. In history-only mode (an ended convention) the
« Nouvelle demande » buttons are disabled and say why."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static, Switch

from ep_tui.api_client import errors
from ep_tui.outcomes import WorkListFetched
from ep_tui.screens.workspace_screen import ScreenContext, WorkspaceScreen
from ep_tui.textual_compat.footer import KeyFooter
from ep_tui.widgets.banner import Banner, TopBar
from ep_tui.widgets.news import NewsCarousel, NewsFeed
from ep_tui.widgets.paged_scroll import PagedScroll
from ep_tui.widgets.service_card import ServiceCard
from ep_tui.widgets.toggles import YesNoSwitch

if TYPE_CHECKING:
    from ep_contract.wire import WorkList

HISTORY_ONLY_REASON = (
    "Conventionnement terminé : vous ne pouvez plus déposer de nouvelle demande, "
    "mais vous pouvez consulter l'historique des demandes."
)
CARD_DISABLED_REASON = "Indisponible : conventionnement terminé."
NEWSLETTER = "Je souhaite recevoir la newsletter par e-mail"


WIDE = 110
"""From this many columns, the news beside the services rather than below them."""


class HomeScreen(WorkspaceScreen[None]):
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = ""  # see on_mount

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        self._unsent: int | None = None
        """Unsent drafts, counted with the list at each showing of the page."""
        self._work: WorkList | None = None
        """The app's last look at « À traiter » (« mine »)."""
        self._under_dialog = False
        self._set_width_class()

    def _set_width_class(self) -> None:
        # Set before the first frame, from the terminal's size (Textual's breakpoints are
        # applied at the screen's first resize, after it: a second layout and frame).
        wide = self.app.size.width >= WIDE
        self.set_class(wide, "-wide")
        self.set_class(not wide, "-narrow")

    def on_resize(self) -> None:
        self._set_width_class()

    def compose(self) -> ComposeResult:
        workspace = self.workspace
        yield Banner(self.session.me, workspace.organisme)
        yield TopBar()
        with PagedScroll(id="body", can_focus=False):
            if workspace.history_only:
                with Horizontal(id="history-only"):
                    yield Static(HISTORY_ONLY_REASON, classes="reason", markup=False)
                    yield Button("Historique des demandes", id="to-history", compact=True,
                                 action="app.history", variant="primary")  # fmt: skip
            with Vertical(id="columns"):
                with Vertical(id="services-column"):
                    with Horizontal(id="services-head"):
                        yield Static("Offres de services", classes="section-title",
                                     markup=False)  # fmt: skip
                        # On the title's line: the services stay where they were at 80×24.
                        yield Button("À traiter", id="to-worklist", compact=True,
                                     action="app.worklist",
                                     tooltip="Réponses à lire, délais, demandes en attente, "
                                     "brouillons : tous organismes (F7)")  # fmt: skip
                    reason = CARD_DISABLED_REASON if workspace.history_only else None
                    for service in workspace.catalogue.services:
                        yield ServiceCard(service, disabled_reason=reason)
                with Vertical(id="news-column"):
                    if workspace.news:
                        yield Static("Actualités", classes="section-title", markup=False)
                        yield NewsCarousel(
                            workspace.news, interval=self.services.settings.news_interval
                        )
                        if len(workspace.news) > 3:
                            yield NewsFeed(workspace.news)
                    if workspace.news:
                        yield Button(f"Voir tout ({workspace.news_total})", id="all-news",
                                     compact=True, tooltip="Toutes les actualités")  # fmt: skip
                    with Horizontal(id="newsletter-row"):
                        yield Static(NEWSLETTER, classes="switch-label", markup=False)
                        yield YesNoSwitch(self.session.me.newsletter, id="newsletter")
        yield KeyFooter()

    def on_mount(self) -> None:
        # The first service at hand: filing is what the technician comes for — or, after the
        # convention's end, the history.
        first = self.query(ServiceCard).first().query_one(Button)
        self.set_focus(first if not first.disabled else self.query_one("#to-history"))

    def on_screen_suspend(self) -> None:
        self._under_dialog = isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        # Shown, and shown again (back from a request, a form): what was handled is gone.
        # Not after a dialog (help, palette, a declined sign-in: nothing handled), whose
        # look could ask for a sign-in once more while the app signs out.
        if self._under_dialog:
            return
        self._count_drafts()
        self.context.look_at_work()

    @work(exclusive=True, group="drafts-count", exit_on_error=False)
    async def _count_drafts(self) -> None:
        import asyncio

        server, username = self.services.settings.server_url, self.session.me.username
        drafts = await asyncio.to_thread(self.context.drafts.all_of, server, username)
        self._unsent = len(drafts)
        self._show_count()

    @on(WorkListFetched)
    def _work_fetched(self, message: WorkListFetched) -> None:
        """The app's look at « À traiter », asked by this page or the app's regular one: the
        count follows the notifications. A failed look leaves the count as it was (the
        button still leads to the list, which says what is wrong)."""
        if message.work_list.scope == "mine":
            self._work = message.work_list
            self._show_count()

    def _show_count(self) -> None:
        """« À traiter (n) »: the same count as the F7 screen's, once both halves are known."""
        from ep_tui.screens.worklist import by_request

        if self._work is None or self._unsent is None:
            return
        count = len(by_request(self._work.items)) + self._unsent
        button = self.query_one("#to-worklist", Button)
        button.label = f"À traiter ({count})"
        button.refresh(layout=True)  # a longer label: the button grows

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "all_news":
            return bool(self.workspace.news)
        return True

    @on(Button.Pressed, "#all-news")
    def action_all_news(self) -> None:
        if self.workspace.news:
            from ep_tui.screens.news import NewsScreen

            self.app.push_screen(
                NewsScreen(self.services, self.session.me, self.workspace.organisme)
            )

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
            # The answer may have been lost after the server saved the choice: ask it what
            # it holds (a read, retried), and show that rather than a guess. Not after a
            # session that ended: the sign-in dialog has already had its say.
            if isinstance(error, errors.Unavailable):
                with contextlib.suppress(errors.ApiError):
                    self.session.me = await self.services.client.me()
            with switch.prevent(Switch.Changed):
                switch.value = self.session.me.newsletter
            if self.session.me.newsletter != subscribed:
                self.notify(f"Abonnement non enregistré : {error.message}", severity="error")
                return
        self.notify(
            "Abonnement à la newsletter enregistré."
            if subscribed
            else "Désabonnement de la newsletter enregistré."
        )
