"""The command palette (Ctrl+P): the screens, the history's saved views, and « Nouvelle
demande : <ODS> »."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Protocol

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

from ep_contract.domain.text import without_accents
from ep_tui import app_commands
from ep_tui.outcomes import HistoryView, Navigate, NewRequest

if TYPE_CHECKING:
    from ep_tui.session import Workspace


class PaletteHost(Protocol):
    """What the palette reads of the app (it imports no app: ep_tui/app_commands.py)."""

    @property
    def signed_in(self) -> bool: ...

    @property
    def workspace(self) -> Workspace | None: ...

    def history_views(self) -> list[str]: ...


class EPCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.app
        host: PaletteHost = app  # type: ignore[assignment]
        commands: list[tuple[str, str, Callable[[], object]]] = [
            (command.title, command.help, partial(app.run_action, command.action))
            for command in app_commands.PALETTE
            if host.signed_in or not command.needs_session
        ]
        workspace = host.workspace
        if workspace is not None:
            for name in host.history_views():
                commands.append(
                    (f"Vue de l'historique : {name}", "L'historique avec les filtres, le tri "
                     "et la taille de page de cette vue", partial(app.post_message,
                                                                   Navigate(HistoryView(name))))
                )  # fmt: skip
        if workspace is not None and not workspace.history_only:
            for service in workspace.catalogue.services:
                go = Navigate(NewRequest(service.code))
                commands.append(
                    (f"Nouvelle demande : {service.title}", service.description,
                     partial(app.post_message, go))
                )  # fmt: skip
        return commands

    # An offre's title and description come from the server's catalogue: the palette reads a
    # ``str`` prompt, a help and a highlighted match as markup (« [/] » in a title raised
    # MarkupError and closed the app), so they are given as Text, escaped, and highlighted
    # here on the literal title.

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Text(name), callback, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        # Accents aside, as a technician types on a keyboard without them: « modeles »
        # finds « Modèles de commentaire ».
        matcher = self.matcher(without_accents(query))
        for name, help_text, callback in self._commands():
            if (score := matcher.match(without_accents(name))) > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name,
                          help=escape(help_text))  # fmt: skip


def _highlight(matcher: Matcher, name: str) -> Content:
    """``Matcher.highlight`` without reading ``name`` as markup."""
    content = Content(name)
    score, offsets = matcher.fuzzy_search.match(matcher.query, without_accents(name))
    if score:
        for offset in offsets:
            if not name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
