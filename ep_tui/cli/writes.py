"""The commands that change something: ``annuler``, ``completer``, ``message``,
``telecharger``.

A write carries an Idempotency-Key derived from what it says (the command, the request, its
text): the same command run again after a lost answer or a Ctrl+C is done once — the server
answers the second time with what it did the first (docs/API.md). A command that destroys
asks first, unless ``--oui``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ep_contract.domain.statuses import CANCEL_REASONS
from ep_tui.cli.codes import Exit
from ep_tui.cli.session import CommandError, Context, number_checked, signed_in, typed_password

if TYPE_CHECKING:
    from ep_contract.wire import RequestDetail
    from ep_tui.api_client.client import EPClient

REASONS = dict(zip(("doublon", "autre-canal", "plus-justifiee", "autre"), CANCEL_REASONS,
                   strict=True))  # fmt: skip
"""``--motif``: a word for each of the portal's four reasons (manual §VI)."""


def unreadable(error: OSError) -> str:
    """Why a file or folder could not be used, in French (strerror is in English)."""
    import errno

    return {errno.ENOENT: "introuvable", errno.EACCES: "accès refusé",
            errno.EISDIR: "c'est un dossier", errno.ENOTDIR: "chemin invalide",
            errno.ENOSPC: "plus de place sur le disque"}.get(error.errno or 0,
                                                              "inutilisable")  # fmt: skip


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

    with_files = argparse.ArgumentParser(add_help=False)
    with_files.add_argument("--piece-jointe", metavar="FICHIER", type=Path, action="append",
                            default=[], help="un fichier à joindre (répétable)")  # fmt: skip
    message = commands.add_parser(
        "message", parents=[common, with_files],
        help="écrire un message à l'organisme (après résolution)",
        description="Le texte est lu sur l'entrée standard (après la ligne du mot de passe "
        "avec --mot-de-passe-stdin), ou tapé jusqu'à Ctrl+D.",
    )  # fmt: skip
    message.add_argument("numero", metavar="NUMERO")

    complement = commands.add_parser(
        "completer", parents=[common, with_files],
        help="compléter une demande (« Nouveau » seulement)",
        description="Le nouveau commentaire, qui remplace l'ancien, est lu sur l'entrée "
        "standard (après la ligne du mot de passe avec --mot-de-passe-stdin) ; vide, l'ancien "
        "est gardé. Les fichiers s'ajoutent aux pièces jointes déjà envoyées.",
    )  # fmt: skip
    complement.add_argument("numero", metavar="NUMERO")

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
    key = derived_key("annuler", context.username, number, reason)

    async def cancel(client: EPClient) -> bool:
        await client.cancel(number, Cancellation(reason=reason, confirm=True),
                            idempotency_key=key)  # fmt: skip
        return client.replayed

    if await signed_in(context, cancel):
        print(f"Demande {number} déjà annulée, par cette même commande lancée plus tôt : "
              "rien de plus n'a été fait.", file=context.out)  # fmt: skip
    else:
        print(f"Demande {number} annulée.", file=context.out)


def confirm(args: argparse.Namespace) -> None:
    """« annuler » asks first, on stderr (stdout may go to a file), unless --oui."""
    if args.oui:
        return
    if not sys.stdin.isatty() or args.mot_de_passe_stdin:
        raise CommandError("confirmation impossible sans terminal : ajoutez --oui.", Exit.USAGE)
    print(f"Annuler la demande {args.numero} (« {REASONS[args.motif]} ») ? [o/N] ",
          end="", file=sys.stderr, flush=True)  # fmt: skip
    if input().strip().lower() not in {"o", "oui"}:
        raise CommandError("rien n'a été annulé.", Exit.REFUSED)


def read_text(context: Context, args: argparse.Namespace, prompt: str) -> str:
    """The text a command takes on standard input, after the password's line if it is there
    too; typed at a terminal, until Ctrl+D."""
    from ep_contract.domain.text import cleaned

    if args.mot_de_passe_stdin:
        context.password = typed_password(context, from_stdin=True)
    if sys.stdin.isatty():
        print(f"{prompt} (Ctrl+D pour finir) :", file=sys.stderr)
    try:
        text = sys.stdin.read()
    except UnicodeDecodeError:
        text = "\udc80"  # as Python's UTF-8 mode gives the bytes it cannot read
    if any("\udc80" <= character <= "\udcff" for character in text):
        raise CommandError("le texte reçu n'est pas en UTF-8 : rien n'a été envoyé.",
                           Exit.USAGE)  # fmt: skip
    return cleaned(text).strip()


def read_files(paths: list[Path]) -> list[tuple[str, bytes]]:
    """The files to join, each checked as the app checks it, before anything is sent."""
    from ep_contract.domain.attachments import check_attachment

    files, refused = [], {}
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path} : {unreadable(error)}.", Exit.USAGE) from None
        if problem := check_attachment(path.name, content):
            refused[path.name] = problem
        files.append((path.name, content))
    if refused:
        said = " ; ".join(f"{name} : {problem}" for name, problem in refused.items())
        raise CommandError(f"rien n'a été envoyé. {said}", Exit.REFUSED)
    return files


async def upload(client: EPClient, files: list[tuple[str, bytes]], key: str) -> list[str]:
    """Each file sent once, under a key of its own derived from the write's."""
    return [(await client.upload(name, content, idempotency_key=f"{key}-{index}")).id
            for index, (name, content) in enumerate(files)]  # fmt: skip


def _digests(files: list[tuple[str, bytes]]) -> list[str]:
    return [hashlib.sha256(content).hexdigest() for _, content in files]


async def message(context: Context, args: argparse.Namespace) -> None:
    from ep_contract.wire import NewMessage

    number = number_checked(args.numero)
    files = read_files(args.piece_jointe)
    body = context.text
    if not body:
        raise CommandError("message vide : rien n'a été envoyé.", Exit.USAGE)

    async def send(client: EPClient) -> tuple[RequestDetail, bool]:
        # The key names what the message answers (the organisme's last word): run again
        # after a lost answer it is the same key, and the server replays; the same words in
        # a later round, after the organisme answered, are a new message.
        answered = max((m.id for m in (await client.request(number)).messages
                        if m.author == "organisme"), default=0)  # fmt: skip
        key = derived_key("message", context.username, number, str(answered), body,
                          *_digests(files))  # fmt: skip
        ids = await upload(client, files, key)
        sent = await client.send_message(number, NewMessage(body=body, attachment_ids=ids),
                                         idempotency_key=key)  # fmt: skip
        return sent, client.replayed

    detail, replayed = await signed_in(context, send)
    left = detail.exchange.round_trips_max - detail.exchange.round_trips_used
    trips = "aller-retour restant" if left <= 1 else "allers-retours restants"
    if replayed:
        print(f"Message déjà envoyé sur la demande {number}, par cette même commande lancée "
              f"plus tôt : pas envoyé deux fois ({left} {trips}).", file=context.out)  # fmt: skip
    else:
        print(f"Message envoyé sur la demande {number} ({left} {trips}).", file=context.out)


async def completer(context: Context, args: argparse.Namespace) -> None:
    from ep_contract.wire import Complement

    number = number_checked(args.numero)
    files = read_files(args.piece_jointe)
    comment = context.text
    if not comment and not files:
        raise CommandError("ni commentaire ni fichier : rien n'a été envoyé.", Exit.USAGE)

    async def complete(client: EPClient) -> tuple[RequestDetail, bool]:
        from ep_tui.api_client import errors

        detail = await client.request(number)
        text = comment or detail.comment
        key = derived_key("completer", context.username, number, text, *_digests(files))
        ids = await upload(client, files, key)
        complement = Complement(comment=text, attachment_ids=ids, expected_version=detail.version)
        try:
            done = await client.complete(number, complement, idempotency_key=key)
            return done, client.replayed
        except errors.ApiError as error:
            # The key is this very intent (text and files): « used for another operation »
            # means it was done by an earlier run, whose answer was lost — the version it
            # expected has moved since, because of that run itself.
            if error.code != "idempotency_key_reused":
                raise
            return await client.request(number), True

    detail, replayed = await signed_in(context, complete)
    sent = len(detail.attachments_sent)
    counted = f"{sent} pièce{'s' if sent > 1 else ''} jointe{'s' if sent > 1 else ''} en tout"
    if replayed:
        print(f"Demande {number} déjà complétée, par cette même commande lancée plus tôt : "
              f"rien de plus n'a été envoyé ({counted}).", file=context.out)  # fmt: skip
    else:
        print(f"Demande {number} complétée ({counted}).", file=context.out)


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
        try:
            path, handle = open_new_file(folder, name)
            with handle:
                handle.write(content)
        except OSError as error:
            raise CommandError(f"{folder} : {unreadable(error)}.", Exit.FAILED) from None
        print(path, file=context.out)
