"""The commands that change something: ``annuler``, ``message``, ``telecharger``.

A write carries an Idempotency-Key derived from what it says (the command, the request, its
text): the same command run again after a lost answer or a Ctrl+C is done once — the server
answers the second time with what it did the first (docs/API.md). A command that destroys
asks first, unless ``--oui``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from typing import TYPE_CHECKING

from ep_contract.domain.statuses import CANCEL_REASONS
from ep_tui.cli.codes import Exit
from ep_tui.cli.main import CommandError, Context, number_checked, signed_in

if TYPE_CHECKING:
    from ep_tui.api_client.client import EPClient

REASONS = dict(zip(("doublon", "autre-canal", "plus-justifiee", "autre"), CANCEL_REASONS,
                   strict=True))  # fmt: skip
"""``--motif``: a word for each of the portal's four reasons (manual §VI)."""


def derived_key(*parts: str) -> str:
    """The same intent, the same key: a re-run is recognised by the server."""
    return hashlib.sha256("\x1f".join(("ep-tui", *parts)).encode()).hexdigest()


def add_parsers(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    cancel = commands.add_parser(
        "annuler", parents=[common], help="annuler une demande (« Nouveau » seulement)",
        description="Annule une demande, avec l'un des quatre motifs du portail. Demande "
        "confirmation, sauf --oui.",
    )  # fmt: skip
    cancel.add_argument("numero", metavar="NUMERO")
    cancel.add_argument("--motif", required=True, choices=tuple(REASONS),
                        help="; ".join(f"{k} : {v}" for k, v in REASONS.items()))  # fmt: skip
    cancel.add_argument("--oui", action="store_true", help="sans demander confirmation")

    message = commands.add_parser(
        "message", parents=[common], help="écrire un message à l'organisme (après résolution)",
        description="Le texte est lu sur l'entrée standard (après la ligne du mot de passe "
        "avec --mot-de-passe-stdin), ou tapé jusqu'à Ctrl+D.",
    )  # fmt: skip
    message.add_argument("numero", metavar="NUMERO")

    download = commands.add_parser(
        "telecharger", parents=[common], help="télécharger les pièces jointes reçues",
        description="Enregistre dans le dossier de téléchargements (lisibles par vous seul, "
        "jamais en écrasant un fichier) les pièces jointes reçues encore disponibles, ou celle "
        "indiquée.",
    )  # fmt: skip
    download.add_argument("numero", metavar="NUMERO")
    download.add_argument("piece", metavar="PJ", nargs="?",
                          help="son identifiant (voir « ep-tui demande »)")  # fmt: skip


async def annuler(context: Context, args: argparse.Namespace) -> None:
    from ep_contract.wire import Cancellation

    number = number_checked(args.numero)
    reason = REASONS[args.motif]
    if not args.oui:
        if not sys.stdin.isatty() or args.mot_de_passe_stdin:
            raise CommandError("confirmation impossible sans terminal : ajoutez --oui.",
                               Exit.USAGE)  # fmt: skip
        answer = input(f"Annuler la demande {number} (« {reason} ») ? [o/N] ")
        if answer.strip().lower() not in {"o", "oui"}:
            raise CommandError("rien n'a été annulé.", Exit.REFUSED)
    key = derived_key("annuler", context.username, number, reason)

    async def cancel(client: EPClient) -> None:
        await client.cancel(number, Cancellation(reason=reason, confirm=True),
                            idempotency_key=key)  # fmt: skip

    await signed_in(context, cancel)
    print(f"Demande {number} annulée.", file=context.out)


async def message(context: Context, args: argparse.Namespace) -> None:
    from ep_contract.domain.text import cleaned
    from ep_contract.wire import NewMessage

    number = number_checked(args.numero)
    if sys.stdin.isatty() and not args.mot_de_passe_stdin:
        print("Votre message (Ctrl+D pour finir) :", file=sys.stderr)
    password_first = args.mot_de_passe_stdin
    if password_first:
        context.password = sys.stdin.readline().rstrip("\r\n")
    body = cleaned(sys.stdin.read()).strip()
    if not body:
        raise CommandError("message vide : rien n'a été envoyé.", Exit.USAGE)
    key = derived_key("message", context.username, number, body)
    detail = await signed_in(
        context,
        lambda client: client.send_message(
            number, NewMessage(body=body), idempotency_key=key
        ),  # fmt: skip
    )
    left = detail.exchange.round_trips_max - detail.exchange.round_trips_used
    plural = "s" if left > 1 else ""
    print(f"Message envoyé sur la demande {number} ({left} aller-retour{plural} "
          f"restant{plural}).", file=context.out)  # fmt: skip


async def telecharger(context: Context, args: argparse.Namespace) -> None:
    from ep_tui.downloads import open_new_file

    number = number_checked(args.numero)

    async def fetch(client: EPClient) -> list[tuple[str, bytes]]:
        detail = await client.request(number)
        wanted = [a for a in detail.attachments_received
                  if args.piece in (None, a.id)]  # fmt: skip
        if args.piece and not wanted:
            raise CommandError(f"pas de pièce jointe « {args.piece} » sur la demande {number}.",
                               Exit.NOT_FOUND)  # fmt: skip
        available = [a for a in wanted if a.available]
        if not available:
            raise CommandError("aucune pièce jointe reçue encore disponible.", Exit.REFUSED)
        return [(a.name, await client.download(number, a.id)) for a in available]

    files = await signed_in(context, fetch)
    folder = context.settings.downloads_path
    for name, content in files:
        path, handle = open_new_file(folder, name)
        with handle:
            handle.write(content)
        print(path, file=context.out)
