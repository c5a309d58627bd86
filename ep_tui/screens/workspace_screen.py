"""The screens of one organisme's workspace — the home page, the history, a request, a form —
and the one value they are built from, instead of the same four arguments everywhere."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from ep_tui.screens.base import SafetyNet

if TYPE_CHECKING:
    from ep_tui.drafts import DraftStore
    from ep_tui.services import Services
    from ep_tui.session import Session, Workspace

ResultType = TypeVar("ResultType")


@dataclass(frozen=True)
class ScreenContext:
    """Who is signed in, on which organisme, with what: what a workspace screen needs."""

    services: Services
    session: Session
    workspace: Workspace
    open_drafts: Callable[[], DraftStore]
    """The app's draft store, opened at the first need: the home page and the history never
    need it, and opening it may ask the keyring."""
    look_at_work: Callable[[], None]
    """A fresh look at « À traiter » (now, or just after the one on its way): its answer
    reaches every screen as ``WorkListFetched`` (one look for the screens and notifications)."""

    @property
    def drafts(self) -> DraftStore:
        return self.open_drafts()

    def draft_key(self, slot: str) -> tuple[str, str, str, str]:
        """Where a draft is kept: this server, this technician, this organisme, and the slot
        (a service's code, or « complement:<n° de demande> »)."""
        return (self.services.settings.server_url, self.session.me.username,
                self.workspace.organisme.code, slot)  # fmt: skip


class WorkspaceScreen(SafetyNet, Screen[ResultType]):
    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        self.services = context.services
        self.session = context.session
        self.workspace = context.workspace
