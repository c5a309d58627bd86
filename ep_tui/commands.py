"""The command palette (Ctrl+P): the screens, and « Nouvelle demande : <ODS> »."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape

if TYPE_CHECKING:
    from ep_tui.app import EPApp


class EPCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = cast("EPApp", self.app)
        if app.session is None:
            return [("Aide", "Les touches et l'aide", app.action_help)]
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("Accueil", "Revenir à la page d'accueil", app.action_home),
            ("Historique des demandes", "Les demandes de votre structure", app.action_history),
            ("Changer d'organisme", "Choisir un autre organisme", app.action_change_organisme),
            ("Fiche d'identification", "Vous, votre structure", app.action_identity),
            ("Aide", "Les touches et l'aide", app.action_help),
            ("ameli.fr", "Le site de l'Assurance Maladie", partial(app.action_open_link, "ameli")),
            ("Manuel utilisateur", "Le manuel d'Espace Partenaires",
             partial(app.action_open_link, "manual")),
            ("Se déconnecter", "Fermer la session", app.action_sign_out),
        ]  # fmt: skip
        workspace = app.session.workspace
        if workspace is not None and not workspace.history_only:
            for service in workspace.catalogue.services:
                commands.append(
                    (
                        f"Nouvelle demande : {service.title}",
                        service.description,
                        partial(app.action_new_request, service.code),
                    )
                )
        return commands

    # An offre's title and description come from the server's catalogue: the palette reads a
    # ``str`` prompt, a help and a highlighted match as markup (« [/] » in a title raised
    # MarkupError and closed the app), so they are given as Text, escaped, and highlighted
    # here on the literal title.

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(Text(name), callback, text=name, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            if (score := matcher.match(name)) > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name,
                          help=escape(help_text))  # fmt: skip


def _highlight(matcher: Matcher, name: str) -> Content:
    """``Matcher.highlight`` without reading ``name`` as markup."""
    content = Content(name)
    score, offsets = matcher.fuzzy_search.match(matcher.query, name)
    if score:
        for offset in offsets:
            if not name[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
