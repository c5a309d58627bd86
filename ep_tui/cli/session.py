"""What every command of the command line shares: its failures (a French line and an exit
code), its context (settings, identifiant, where it writes), the password, and signing in
around its work. The commands live in main.py, writes.py and filing.py, which import this
module and never one another's.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sys
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TextIO, TypeVar

from ep_contract.domain.text import shown
from ep_tui.cli.codes import Exit

if TYPE_CHECKING:
    from ep_tui.api_client.client import EPClient
    from ep_tui.cli.plain import Reader
    from ep_tui.config import LocalState, Settings
    from ep_tui.credentials import Credentials
    from ep_tui.demo import EmbeddedServerTransport

T = TypeVar("T")


class CommandError(Exception):
    """A failure said to the person in French, with the exit code it ends with."""

    def __init__(self, message: str, code: Exit) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass
class Context:
    settings: Settings
    state: LocalState
    username: str
    out: TextIO
    password_from_stdin: bool
    password: str | None = None
    """Already read (a command that reads its text from stdin after the password)."""
    demo: bool = False
    text: str = ""
    """What a command read on standard input (a message, a comment)."""

    @cached_property
    def credentials(self) -> Credentials:
        """The keyring, opened when first needed: finding its backend costs ~70 ms, which a
        command given its password on stdin does not pay (bench/RESULTS.md)."""
        from ep_tui.credentials import Credentials

        return Credentials()


def context_of(args: argparse.Namespace, out: TextIO) -> Context:
    from ep_tui.config import ConfigError, LocalState, load_settings

    try:
        settings = load_settings({"server_url": args.serveur})
    except ConfigError as error:
        raise CommandError(str(error), Exit.USAGE) from None
    if args.demo:
        from ep_tui.demo import DEMO_URL, MISSING_SERVER, missing_server_packages

        if missing := missing_server_packages():
            raise CommandError(MISSING_SERVER.format(missing=", ".join(missing)), Exit.USAGE)
        settings = settings.replace(server_url=DEMO_URL)
    state = LocalState()
    username = args.identifiant or state.last_username(settings.server_url)
    if not username:
        raise CommandError("aucun identifiant retenu : indiquez --identifiant (il sera retenu "
                           "pour les commandes suivantes).", Exit.USAGE)  # fmt: skip
    return Context(settings, state, username, out, args.mot_de_passe_stdin, demo=args.demo)


def client_of(context: Context) -> EPClient:
    from ep_tui.api_client.client import EPClient

    if context.demo:
        return EPClient(context.settings.server_url, transport=demo_transport(context))
    try:
        return EPClient(context.settings.server_url)
    except ValueError as error:
        raise CommandError(str(error), Exit.USAGE) from None


@contextlib.contextmanager
def reading(context: Context, *, fields_are_options: bool = False) -> Iterator[Reader]:
    """Signed in for the ``with`` block without pydantic nor asyncio (ep_tui.cli.plain):
    what the reading commands and connexion use. Every failure, in the block too, turns
    into its French line and code; with ``fields_are_options``, the fields the server
    refuses are the query's, named as the options that set them."""
    from ep_contract.domain.addresses import address_refusal
    from ep_tui.api_client import errors
    from ep_tui.cli import plain

    server = context.settings.server_url
    transport = None
    if context.demo:
        transport = plain.Blocking(demo_transport(context))
    elif refusal := address_refusal(server):
        raise CommandError(refusal, Exit.USAGE)
    password = password_of(context, context.password_from_stdin)
    try:
        with plain.signed_in(server, context.username, password, transport) as reader:
            context.state.remember_username(server, context.username)  # the next default
            yield reader
    except errors.ApiError as error:
        raise said(error, option_name if fields_are_options else str) from None
    except plain.BadAddress:
        raise CommandError(f"« {server} » : adresse de serveur invalide.", Exit.USAGE) from None


OPTION_OF = {"service": "--offre", "sort": "--tri", "order": "--ordre", "page_size": "--par-page"}
"""The options whose name is not the query's own (« --depot-debut » is depot_debut)."""


def option_name(field: str) -> str:
    return OPTION_OF.get(field, "--" + field.replace("_", "-"))


def demo_transport(context: Context) -> EmbeddedServerTransport:
    """The demo store the app uses, in the data folder, without its agent."""
    from ep_tui.demo import EmbeddedServerTransport

    return EmbeddedServerTransport(context.settings.data_path / "demo.sqlite3", agent=False)


def typed_password(context: Context, from_stdin: bool) -> str | None:
    """The password given on standard input, or typed without echo by a person (a terminal
    given --mot-de-passe-stdin too: it is never shown)."""
    if sys.stdin.isatty():
        password = getpass.getpass(f"Mot de passe de {context.username} : ")
    elif from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        return None
    if not password:
        raise CommandError("mot de passe vide.", Exit.AUTH)
    return password


def password_of(context: Context, from_stdin: bool) -> str:
    if context.password is not None:
        return context.password
    if not from_stdin:
        stored = context.credentials.load(context.settings.server_url, context.username)
        if stored:
            return stored
    password = typed_password(context, from_stdin)
    if password is None:
        raise CommandError(
            "aucun mot de passe au trousseau et personne pour le taper : lancez d'abord "
            "« ep-tui connexion », ou donnez-le avec --mot-de-passe-stdin.",
            Exit.AUTH,
        )
    return password


async def signed_in(context: Context, work: Callable[[EPClient], Awaitable[T]]) -> T:
    """Sign in, ``work``, sign out — every failure turned into its French line and code."""
    from ep_tui.api_client import errors

    client = client_of(context)
    try:
        await client.sign_in(context.username, password_of(context, context.password_from_stdin))
        context.state.remember_username(context.settings.server_url, context.username)
        try:
            return await work(client)
        finally:
            with contextlib.suppress(errors.ApiError):  # the token dies at its expiry anyway
                await client.sign_out()
    except errors.ApiError as error:
        raise said(error) from None
    finally:
        await client.aclose()


def said(error: Exception, name: Callable[[str], str] = str) -> CommandError:
    """``error`` in French and its exit code; ``name`` says a refused field's name."""
    from ep_tui.api_client import errors

    if isinstance(error, errors.FieldErrors) and error.fields:
        detail = " ; ".join(
            f"{shown(name(field))} : {message}" for field, message in error.fields.items()
        )
        return CommandError(f"{error.message} ({detail})", Exit.REFUSED)
    table: list[tuple[type[errors.ApiError], Exit]] = [
        (errors.AuthError, Exit.AUTH),
        (errors.NotFound, Exit.NOT_FOUND),
        (errors.Unavailable, Exit.UNREACHABLE),
        (errors.ApiError, Exit.REFUSED),
    ]
    code = next(code for kind, code in table if isinstance(error, kind))
    return CommandError(getattr(error, "message", str(error)), code)


def number_checked(text: str) -> str:
    """A request's number as typed, or the usage error that says what is expected."""
    from ep_contract.domain.request_number import parse_request_number

    if parse_request_number(text) is None:
        raise CommandError(f"« {text} » : numéro de demande à 10 chiffres attendu.", Exit.USAGE)
    return text
