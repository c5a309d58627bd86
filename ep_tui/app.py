"""EPApp: global keys, theme, and the flow between screens — no business rule here."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from ep_tui import app_commands
from ep_tui.api_client import errors
from ep_tui.config import AMELI_URL, MANUAL_URL
from ep_tui.screens.base import report_error
from ep_tui.screens.sign_in import SignInScreen
from ep_tui.services import Services
from ep_tui.textual_compat.collector import collect_once_drawn, freeze_start_up_objects
from ep_tui.textual_compat.layout import PushedScreenLaidOut
from ep_tui.textual_compat.rules import RulesNarrowed
from ep_tui.textual_compat.styling import StyledWhenMounted
from ep_tui.themes import THEMES

if TYPE_CHECKING:
    from collections.abc import Iterable

    from textual.command import Provider
    from textual.screen import Screen

    from ep_tui.drafts import DraftStore
    from ep_tui.outcomes import Destination, DraftAnswer, Navigate, PersonHistory
    from ep_tui.screens.workspace_screen import ScreenContext
    from ep_tui.session import Session, Workspace
    from ep_tui.watch import WorkWatch

# Only the sign-in screen is imported at start-up; the others (and pydantic, which their
# models bring) when they are first needed: start-up time is the technician's.


def _palette_commands() -> type[Provider]:
    from ep_tui.commands import EPCommands

    return EPCommands


STATISTICS_WAIT = 0.3
"""Seconds « Pilotage du partenariat » waits for its first figures before it shows without
them (its target: ready 0.3 s after F12)."""

LINKS = {
    "ameli": (app_commands.AMELI.title, AMELI_URL),
    "manual": (app_commands.MANUAL.title, MANUAL_URL),
}
_NEEDS_SESSION = {
    *(c.name for c in (app_commands.HOME, app_commands.HISTORY, app_commands.ORGANISME,
                       app_commands.IDENTITY, app_commands.SIGN_OUT, app_commands.WORKLIST,
                       app_commands.STATISTICS)),
    "new_request",
    "open_request",
}  # fmt: skip


def can_open_browser() -> bool:
    """A browser opened over SSH would open on the server, out of sight: say no there."""
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return False
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False
    import webbrowser

    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


class EPApp(RulesNarrowed, PushedScreenLaidOut, StyledWhenMounted, App[None]):
    TITLE = "Espace Partenaires"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {_palette_commands}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        *(command.binding() for command in app_commands.KEYS),
        # Tab and Shift+Tab move the focus as soon as they are read. As Textual's own (screen,
        # not priority) bindings they went to the focused field first and came back up a few
        # messages later: what was typed right after — fast, pasted, or over a slow SSH link —
        # had already been given to the field being left (« PRINCE⇥Marius » gave the Nom
        # « PRINCEMARIUS », and a password typed after the identifiant was shown in clear).
        Binding("tab", "focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous", show=False, priority=True),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.session: Session | None = None
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = services.settings.theme
        self.set_keymap(services.settings.keymap)
        self._reauth_lock: asyncio.Lock | None = None
        self._drafts: DraftStore | None = None
        self._signing_out = False
        self._watch: WorkWatch | None = None
        self._watch_timer: Timer | None = None
        self._look_again = False
        """A screen asked for a look while one was on its way (``look_at_work``)."""
        services.on_session_expired(self._reauthenticate)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Textual reads a notification as markup by default; ours often hold a server's
        text (a problem's detail, a file's name), which must show as written — « [/] »
        would even raise. Every notification of the app, from any screen, comes here."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def on_mount(self) -> None:
        self.push_screen(SignInScreen(self.services))

    # --- the command palette, in French ------------------------------------------------------

    def action_command_palette(self) -> None:
        from ep_tui.textual_compat.palette import FrenchCommandPalette

        if self.use_command_palette and not FrenchCommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(FrenchCommandPalette(id="--command-palette"))

    def action_change_theme(self) -> None:
        from textual.theme import ThemeProvider

        from ep_tui.textual_compat.palette import FrenchCommandPalette

        self.push_screen(FrenchCommandPalette(providers=[ThemeProvider],
                                              placeholder="Rechercher un thème…"))  # fmt: skip

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, in French; without « Screenshot » (an SVG of the screen,
        personal data included, written to the current folder) and « Keys » (F1 does it)."""
        yield SystemCommand("Thème", "Changer les couleurs de l'application",
                            self.action_change_theme)  # fmt: skip
        if screen.maximized is not None:
            yield SystemCommand("Réduire", "Rendre sa taille à l'élément agrandi",
                                screen.action_minimize)  # fmt: skip
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand("Agrandir", "Agrandir l'élément qui a le focus",
                                screen.action_maximize)  # fmt: skip
        quit_ = app_commands.QUIT
        yield SystemCommand(quit_.title, quit_.help, self.action_quit)

    @on(SignInScreen.WarmedUp)
    def startup_done(self) -> None:
        freeze_start_up_objects()

    def pop_screen(self) -> AwaitComplete:
        """Pop the top screen; once a whole page (a form, a detail) is gone, collect it
        (textual_compat/collector.py). Dialogs leave little: they are left to the collector."""
        closing = self.screen
        popped = super().pop_screen()
        if isinstance(closing, ModalScreen):
            return popped

        async def pop_then_collect() -> None:
            await popped
            collect_once_drawn(self, closing)

        return AwaitComplete(pop_then_collect()).call_next(self)

    # --- flow ------------------------------------------------------------------------------

    @on(SignInScreen.SignedIn)
    def _signed_in(self, event: SignInScreen.SignedIn) -> None:
        from ep_tui.session import Session

        self.session = Session(me=event.me, organismes=event.organismes)
        self._open_organisme_dialog(can_cancel=False)

    def _open_organisme_dialog(self, *, can_cancel: bool) -> None:
        from ep_tui.screens.organisme import OrganismeDialog

        assert self.session is not None
        workspace = self.session.workspace
        self.push_screen(
            OrganismeDialog(
                self.services,
                self.session.me.username,
                self.session.organismes,
                current=workspace.organisme.code if workspace else None,
                can_cancel=can_cancel,
            ),
        )

    # Named, not decorated: importing the dialog here would load pydantic at start-up.
    async def on_organisme_dialog_chosen(self, message: object) -> None:
        await self._show_workspace(message.workspace)  # type: ignore[attr-defined]

    async def _show_workspace(self, workspace: Workspace) -> None:
        """The home page of ``workspace``, in place of every screen above the sign-in."""
        from ep_tui.screens.home import HomeScreen

        if self.session is None:
            return
        self.session.workspace = workspace
        self._watch_work()
        home = HomeScreen(self.screen_context(self.session, workspace))
        # The dialog is still on top: everything down to the sign-in screen (or the old home
        # page) goes, then the new home page takes the place, in one batch — no frame draws
        # a screen the technician is leaving. Each screen is removed before the home page
        # comes: removed after it, each would repaint the whole home page once more (twice
        # the bytes of its first frame over SSH, bench/RESULTS.md).
        with self.batch_update():
            while len(self.screen_stack) > 2 and not isinstance(
                self.screen, (SignInScreen, HomeScreen)
            ):
                await self.pop_screen()
            if isinstance(self.screen, HomeScreen):
                await self.switch_screen(home)
            else:
                await self.push_screen(home)

    def on_organisme_dialog_sign_out_wanted(self) -> None:
        self.action_sign_out()

    def _back_to_sign_in(self) -> None:
        while not isinstance(self.screen, SignInScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (
            action in _NEEDS_SESSION and (self.session is None or self.session.workspace is None)
        )

    def action_home(self) -> None:
        from ep_tui.screens.home import HomeScreen

        if not any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            return
        while not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def action_history(self, person: PersonHistory | None = None, view: str | None = None) -> None:
        """The history; ``person``: filtered on that person (from a request's detail);
        ``view``: through that saved view (from the palette)."""
        from ep_tui.screens.history import HistoryScreen

        session = self.session
        if session is None or session.workspace is None:
            return
        # One history at a time: back to it, with its filters and page, if it is open.
        for screen in self.screen_stack:
            if isinstance(screen, HistoryScreen):
                while self.screen is not screen:
                    self.pop_screen()
                if person is not None:
                    screen.show_person(person)
                if view is not None:
                    screen.apply_view(view)
                return
        self.action_home()
        context = self.screen_context(session, session.workspace)
        self.push_screen(HistoryScreen(context, person=person, view=view))

    def history_views(self) -> list[str]:
        """The saved views of the history of whoever is signed in (the palette lists them)."""
        if self.session is None:
            return []
        views = self.services.state.views(self.services.settings.server_url,
                                          self.session.me.username)  # fmt: skip
        return sorted(views, key=str.casefold)

    def _back_to(self, kind: type[Screen[Any]]) -> bool:
        """One such screen at a time: if one is open, back to it (what was above it
        closes) and True."""
        if not any(isinstance(screen, kind) for screen in self.screen_stack):
            return False
        while not isinstance(self.screen, kind):
            self.pop_screen()
        return True

    def action_worklist(self) -> None:
        from ep_tui.screens.worklist import WorkListScreen

        session = self.session
        if session is None or session.workspace is None or self._back_to(WorkListScreen):
            return
        self.push_screen(WorkListScreen(self.screen_context(session, session.workspace)))

    def action_statistics(self) -> None:
        """« Pilotage du partenariat »: one at a time, back to it if it is open."""
        from ep_tui.screens.statistics import StatisticsScreen

        session = self.session
        if session is None or session.workspace is None or self._back_to(StatisticsScreen):
            return
        self.run_worker(self._open_statistics(self.screen_context(session, session.workspace)),
                        group="statistics", exclusive=True, exit_on_error=False)  # fmt: skip

    async def _open_statistics(self, context: ScreenContext) -> None:
        """Ask the first figures, then build the screen: when they come within
        STATISTICS_WAIT it is drawn once, with them (a first frame without them, then the
        figures, took one more layout and render); otherwise at once, « Chargement… »."""
        from ep_tui.screens.statistics import StatisticsScreen, first_query

        first = asyncio.ensure_future(self.services.client.statistics(first_query(context)))
        await asyncio.wait({first}, timeout=STATISTICS_WAIT)
        self.push_screen(StatisticsScreen(context, first))

    def action_comment_templates(self) -> None:
        """Over whatever is on screen (a form being written included): Échap comes back."""
        from ep_tui.screens.comment_templates import TemplatesScreen

        session = self.session
        if session is None or session.workspace is None or isinstance(self.screen, TemplatesScreen):
            return
        self.push_screen(TemplatesScreen(self.screen_context(session, session.workspace)))

    def action_open_request(self, number: str) -> None:
        """The detail of a request (from the history, a confirmation, a duplicate warning, a
        notification), over whatever is on screen: Échap comes back to it."""
        from ep_tui.screens.request_detail import BackTo, RequestDetailScreen

        session = self.session
        if session is None or session.workspace is None:
            return
        # Where Échap will lead, said by the screen below (HistoryScreen, WorkListScreen).
        back_to: BackTo = getattr(self.screen, "DETAIL_BACK_TO", "other")
        context = self.screen_context(session, session.workspace)
        self.push_screen(RequestDetailScreen(context, number, back_to))

    @property
    def signed_in(self) -> bool:
        return self.session is not None

    @property
    def workspace(self) -> Workspace | None:
        return self.session.workspace if self.session is not None else None

    def go(self, destination: Destination | None) -> None:
        """The one place where « go there » is turned into screens (ep_tui/outcomes.py)."""
        from ep_tui.outcomes import (
            GoHome,
            HistoryView,
            InOrganisme,
            NewRequest,
            OpenRequest,
            PersonHistory,
        )

        match destination:
            case InOrganisme(organisme_code=code, then=then):
                workspace = self.workspace
                if workspace is not None and workspace.organisme.code == code:
                    self.go(then)
                else:
                    self._enter_organisme(code, then)
            case GoHome():
                self.action_home()
            case OpenRequest(number=number):
                self.action_open_request(number)
            case NewRequest(service=service, person=person):
                self.action_new_request(service, dict(person))
            case PersonHistory():
                self.action_history(destination)
            case HistoryView(name=name):
                self.action_history(view=name)

    def on_navigate(self, message: Navigate) -> None:
        self.go(message.destination)

    def on_date_input_calendar_wanted(self, message: object) -> None:
        # Named, not decorated, like the card's handler below: no widget import at start-up.
        from ep_tui.screens.date_picker import DatePicker

        field = message.date_input  # type: ignore[attr-defined]
        picker = DatePicker(field.title, field.date, self.services.today(), field.low, field.high)
        self.push_screen(picker, callback=field.pick)

    def on_service_card_new_request(self, message: object) -> None:
        # Named, not decorated: importing ServiceCard here would load pydantic at start-up.
        self.action_new_request(message.service.code)  # type: ignore[attr-defined]

    def screen_context(self, session: Session, workspace: Workspace) -> ScreenContext:
        from ep_tui.screens.workspace_screen import ScreenContext

        return ScreenContext(self.services, session, workspace, self.draft_store,
                             self.look_at_work)  # fmt: skip

    def draft_store(self) -> DraftStore:
        from ep_tui.config import private_folder
        from ep_tui.drafts import DraftStore, draft_folder

        if self._drafts is None:
            settings = self.services.settings
            # The data folder is the app's own unless the technician chose it.
            private_folder(settings.data_path, own=settings.data_dir is None)
            folder = private_folder(draft_folder(settings.data_path))
            self._drafts = DraftStore(folder, self.services.credentials.backend)
        return self._drafts

    async def unlock_drafts(self, username: str, password: str) -> None:
        """After a sign-in: without a keyring, the account's drafts open with the password
        that signed in (ep_tui.drafts), derived off the event loop."""
        drafts = self.draft_store()
        await asyncio.to_thread(drafts.unlock, self.services.settings.server_url, username,
                                password)  # fmt: skip
        if lost := drafts.lost_to_password_change:
            drafts.lost_to_password_change = 0
            said = (
                "1 brouillon enregistré avant le changement de votre mot de passe ne peut plus "
                "être rouvert : il a été supprimé."
                if lost == 1
                else f"{lost} brouillons enregistrés avant le changement de votre mot de passe "
                "ne peuvent plus être rouverts : ils ont été supprimés."
            )
            self.notify(said, severity="warning", timeout=15)

    def action_new_request(self, service_code: str, person: dict[str, str] | None = None) -> None:
        from datetime import UTC, datetime

        from ep_contract.domain.dates import paris
        from ep_tui.outcomes import ResumeTheDraft, StartAfresh
        from ep_tui.screens.confirmation import ResumeDraft
        from ep_tui.screens.request_form import RequestFormScreen

        session = self.session
        if session is None or session.workspace is None:
            return
        workspace = session.workspace
        service = workspace.catalogue.service(service_code)
        if service is None:
            return
        if workspace.history_only:
            self.notify("Conventionnement terminé : aucune nouvelle demande ne peut être déposée.",
                        severity="warning")  # fmt: skip
            return
        context = self.screen_context(session, workspace)
        drafts = context.drafts
        key = context.draft_key(service.code)
        draft = drafts.load(*key)

        def open_form(choice: DraftAnswer | None) -> None:
            if choice is None:
                return
            if isinstance(choice, StartAfresh) and draft is not None:
                drafts.delete(*key)
            kept = draft if isinstance(choice, ResumeTheDraft) else None
            form = RequestFormScreen(context, service, kept, person=person)
            self.push_screen(form, callback=self.go)

        if draft is None:
            open_form(StartAfresh())
        else:
            # Paris time, as every date of the portal, whatever the machine's time zone.
            saved = f"{paris(datetime.fromtimestamp(draft.saved_at, tz=UTC)):%d/%m/%Y à %Hh%M}"
            self.push_screen(ResumeDraft(saved, drafts.protection_label()), callback=open_form)

    @work(exclusive=True, group="organismes", exit_on_error=False)
    async def _enter_organisme(self, code: str, then: Destination) -> None:
        from ep_tui.session import load_workspace

        if self.session is None:
            return
        # The states change with time (a convention ends): the server's latest word.
        self.session.organismes = await self.services.client.organismes()
        organisme = next((o for o in self.session.organismes if o.code == code), None)
        if organisme is None:
            self.notify("Cet organisme n'est plus dans votre liste : sa convention a pris fin.",
                        title="Organisme", severity="warning")  # fmt: skip
            return
        workspace = await load_workspace(self.services.client, organisme)
        self.services.state.remember_organisme(
            self.services.settings.server_url, self.session.me.username, code
        )
        # What the organisme dialog would have said before « Continuer » (an ending or ended
        # convention), said here: the rules themselves follow from the workspace.
        convention = organisme.convention
        self.notify((convention.flagged and convention.message) or organisme.name,
                    title=f"Organisme : {organisme.name}",
                    severity="warning" if convention.flagged else "information")  # fmt: skip
        await self._show_workspace(workspace)
        self.go(then)

    @work(exclusive=True, group="organismes", exit_on_error=False)
    async def action_change_organisme(self) -> None:
        if self.session is None:
            return
        # The states change with time (a convention ends): always the server's latest word.
        self.session.organismes = await self.services.client.organismes()
        self._open_organisme_dialog(can_cancel=True)

    def action_identity(self) -> None:
        from ep_tui.screens.dialogs import IdentityCard

        if self.session is not None:

            def chosen(sign_out: bool | None) -> None:
                if sign_out:
                    self.action_sign_out()

            self.push_screen(IdentityCard(self.session.me), callback=chosen)

    def action_help(self) -> None:
        from ep_tui.screens.dialogs import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        rows = []
        seen = set()
        for key, active in self.active_bindings.items():
            binding = active.binding
            # Ours all carry an id; Textual's own (cursor moves in a field…) are left out.
            if not binding.id or not binding.description or binding.id in seen:
                continue
            seen.add(binding.id)
            rows.append((self.get_key_display(binding), binding.description, binding.id or key))
        self.push_screen(HelpScreen(rows))

    def action_open_link(self, name: str) -> None:
        from ep_tui.screens.dialogs import AddressDialog

        title, url = LINKS[name]
        if can_open_browser():
            self.open_url(url)
            self.notify(f"{title} s'ouvre dans votre navigateur.")
        else:
            self.push_screen(AddressDialog(title, url))

    @work(exclusive=True, group="sign-out", exit_on_error=False)
    async def action_sign_out(self) -> None:
        self._signing_out = True
        try:
            await self.services.client.sign_out()
        except errors.ApiError:
            pass  # the token is forgotten locally whatever the server says
        finally:
            self._signing_out = False
        self.session = None
        if self._watch_timer is not None:
            self._watch_timer.stop()
            self._watch_timer = None
        self._watch = None
        self._back_to_sign_in()

    # --- notifications ------------------------------------------------------------------------

    def _watch_work(self) -> None:
        """Start (again) looking at « À traiter »; off when ``poll_interval`` is 0. What was
        seen is kept across organismes (the list spans them all), forgotten at sign-out."""
        from ep_tui.watch import WorkWatch

        if self._watch_timer is not None:
            self._watch_timer.stop()
            self._watch_timer = None
        interval = self.services.settings.poll_interval
        if interval > 0:
            if self._watch is None:
                self._watch = WorkWatch()
            # The starting point is the home page's look as it arrives (look_at_work).
            self._watch_timer = self.set_interval(interval, self.poll_work)

    def look_at_work(self) -> None:
        """``poll_work`` now — or, if a look is on its way, once more when it ends: its answer
        may predate what the technician just did (an answer read, a new session)."""
        if any(w.group == "poll" and not w.is_finished for w in self.workers):
            self._look_again = True
        else:
            self.poll_work()

    @work(exclusive=True, group="poll", exit_on_error=False)
    async def poll_work(self) -> None:
        """Notify what the work list gained (when polling is on), and give the list to the
        screens that show it (the home page's count, the « À traiter » screen): one source
        for all three."""
        self._look_again = False  # asked before this look started: this look answers it
        try:
            await self._look_at_work_now()
        finally:
            if self._look_again:
                self._look_again = False
                self.call_later(self.look_at_work)

    async def _look_at_work_now(self) -> None:
        from ep_tui.outcomes import WorkListFetched
        from ep_tui.watch import describe

        session = self.session
        if session is None or session.workspace is None:
            return
        try:
            found = await self.services.client.work_list("mine")
        except errors.ApiError:
            return  # a missed look; the next one will see the changes
        if self.session is not session or session.workspace is None:
            return  # signed out meanwhile
        for screen in self.screen_stack:
            screen.post_message(WorkListFetched(found))
        if self._watch is None:
            return  # polling is off: the screens asked, nothing is notified
        changed = self._watch.changes(found.items)
        current = session.workspace.organisme.code
        for item in changed[:5]:
            # Long enough to be read by someone who looked away: the list keeps it anyway.
            self.notify(describe(item, current), title="À traiter", timeout=30)
        if len(changed) > 5:
            self.notify(f"Et {len(changed) - 5} autres demandes à traiter : voir « À traiter » "
                        "(F7).", title="À traiter")  # fmt: skip

    # --- session expiry ----------------------------------------------------------------------

    async def _reauthenticate(self) -> bool:
        """The client's 401 hook: a sign-in dialog over whatever is on screen."""
        if self.session is None or self._signing_out:
            return False
        if self._reauth_lock is None:
            self._reauth_lock = asyncio.Lock()
        token_before = self.services.client.token
        async with self._reauth_lock:
            if self.services.client.token != token_before:
                return True  # another call signed in again meanwhile
            from ep_tui.screens.reauth import ReauthDialog

            signed_in = await self.push_screen_wait(
                ReauthDialog(self.services, self.session.me.username)
            )
        if not signed_in:
            self.action_sign_out()
        return bool(signed_in)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            report_error(self, event.worker.error)


def make_app(services: Services) -> EPApp:
    """The app, with everything it talks to given from outside (tests, demo, real server)."""
    return EPApp(services)
