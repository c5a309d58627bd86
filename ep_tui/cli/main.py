"""``ep-tui <commande>``: the subcommands, their options and how each ends (ep_tui.cli.codes).

Every command signs in, does its work and signs out: no session token is kept on disk. The
password comes from the keyring (``ep-tui connexion`` stores it there, as « Se souvenir de
moi » does in the app), or is asked without echo when a person is at the terminal; it is
never an option. Errors go to stderr in French, a line each, with the field's name when the
server named one; what was asked goes to stdout and nothing else.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Coroutine
from datetime import date, datetime
from typing import TextIO
from urllib.parse import quote

from ep_contract.domain.text import shown
from ep_tui.cli.codes import Exit
from ep_tui.cli.session import (
    CommandError,
    Context,
    context_of,
    number_checked,
    option_name,
    password_of,
    reading,
    said,
    typed_password,
)

SORT_KEYS = {"numero": "number", "offre": "service", "motif": "motif", "personne": "person",
             "demandeur": "requester", "depot": "filed_at", "statut": "status",
             "date-statut": "status_at"}  # fmt: skip

EPILOG = """Codes de sortie : 0 succès, 1 erreur interne (pour doctor : une vérification a
échoué), 2 commande ou option invalide, 3 authentification (pas de mot de passe, mot de passe
refusé), 4 introuvable, 5 refusé par les règles du portail, 6 serveur injoignable, 130
interrompu (Ctrl+C). Les sujets d'aide : ep-tui aide."""


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        written = re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text, re.ASCII)
        why = "ce jour n'existe pas" if written else "date attendue au format jj/mm/aaaa"
        raise argparse.ArgumentTypeError(f"« {text} » : {why}") from None


def _status(text: str) -> str:
    """A status as the portal writes it, typed without its capitals or accents too."""
    from ep_contract.domain.statuses import Status
    from ep_contract.domain.text import without_accents

    typed = without_accents(text).casefold().strip()
    return next((str(s) for s in Status if without_accents(str(s)).casefold() == typed), text)


def _page_number(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 100_000:
        raise argparse.ArgumentTypeError(f"« {text} » : numéro de page de 1 à 100 000 attendu")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    from ep_tui.cli import french

    french.install()
    parser = french.FrenchParser(
        prog="ep-tui",
        description="Espace Partenaires en ligne de commande (sans argument : l'interface).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common = french.FrenchParser(add_help=False)
    target = common.add_mutually_exclusive_group()
    target.add_argument("--serveur", metavar="URL", help="le serveur (sinon celui de config.toml)")
    target.add_argument("--demo", action="store_true",
                        help="la démonstration intégrée (celle de « ep-tui --demo »)")  # fmt: skip
    common.add_argument("--identifiant", help="l'identifiant (sinon le dernier utilisé)")
    common.add_argument("--mot-de-passe-stdin", action="store_true",
                        help="lire le mot de passe sur l'entrée standard (scripts)")  # fmt: skip
    formats = french.FrenchParser(add_help=False)
    formats.add_argument("--format", choices=("texte", "json", "csv"), default="texte",
                         help="texte (linéaire), json (le modèle de l'API) ou csv (pour un "
                         "tableur)")  # fmt: skip
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", required=True)

    commands.add_parser(
        "connexion", parents=[common], help="vérifier le mot de passe et le garder au trousseau",
        description="Demande le mot de passe (sans l'afficher), le vérifie auprès du serveur et "
        "le garde dans le trousseau du système pour les commandes suivantes.",
    )  # fmt: skip
    commands.add_parser("deconnexion", parents=[common],
                        help="oublier le mot de passe gardé au trousseau")  # fmt: skip
    commands.add_parser("organismes", parents=[common, formats],
                        help="les organismes et l'état de leur convention")  # fmt: skip

    demandes = commands.add_parser(
        "demandes", parents=[common, formats], help="l'historique des demandes, filtré",
        description="L'historique d'un organisme, avec les huit filtres du portail.",
    )  # fmt: skip
    demandes.add_argument("--organisme", metavar="CODE",
                          help="code de l'organisme (sinon le dernier choisi)")  # fmt: skip
    demandes.add_argument("--numero", help="numéro de demande (ses premiers chiffres)")
    demandes.add_argument("--personne", help="personne concernée (une partie du nom)")
    demandes.add_argument("--statut", type=_status, choices=_statuses(), metavar="STATUT",
                          help="un statut : " + ", ".join(_statuses())
                          + " (majuscules et accents facultatifs)")  # fmt: skip
    demandes.add_argument("--depot-debut", type=_day, metavar="JJ/MM/AAAA",
                          help="déposées ce jour ou après")  # fmt: skip
    demandes.add_argument("--depot-fin", type=_day, metavar="JJ/MM/AAAA",
                          help="déposées ce jour ou avant")  # fmt: skip
    demandes.add_argument("--demandeur", help="le technicien qui l'a déposée (une partie du nom)")
    demandes.add_argument("--offre", metavar="CODE", help="offre de service (code)")
    demandes.add_argument("--motif", help="le motif, tel qu'écrit dans le formulaire")
    demandes.add_argument("--tri", choices=tuple(SORT_KEYS), default="depot",
                          help="la colonne du tri (par défaut : depot)")  # fmt: skip
    demandes.add_argument("--ordre", choices=("croissant", "decroissant"), default="decroissant",
                          help="par défaut : decroissant, les plus récentes d'abord")  # fmt: skip
    pages = demandes.add_mutually_exclusive_group()
    pages.add_argument("--page", type=_page_number, default=1, help="la page à lire (1 d'abord)")
    pages.add_argument("--tout", action="store_true", help="toutes les pages")
    demandes.add_argument("--par-page", type=int, choices=(10, 20, 50, 100), default=20,
                          help="demandes par page (par défaut : 20)")  # fmt: skip

    demande = commands.add_parser("demande", parents=[common, formats],
                                  help="le détail d'une demande")  # fmt: skip
    demande.add_argument("numero", metavar="NUMERO", help="le numéro de la demande, 10 chiffres")

    work = commands.add_parser("a-traiter", parents=[common, formats],
                               help="ce qui attend, tous organismes confondus")  # fmt: skip
    work.add_argument("--structure", action="store_true",
                      help="toute la structure, pas seulement mes demandes")  # fmt: skip

    from ep_tui.cli import filing, writes

    filing.add_parser(commands, common)
    writes.add_parsers(commands, common)

    from ep_tui.cli.topics import TOPICS

    topics = commands.add_parser("aide", help="les sujets d'aide : formats, codes, fichier…")
    topics.add_argument("sujet", nargs="?", choices=tuple(TOPICS))

    completion = commands.add_parser(
        "completion", help="le script de complétion de bash, zsh ou fish",
        description='eval "$(ep-tui completion bash)" dans ~/.bashrc (zsh : de même ; '
        "fish : ep-tui completion fish > ~/.config/fish/completions/ep-tui.fish).",
    )  # fmt: skip
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))

    doctor = commands.add_parser(
        "doctor", help="vérifier le serveur, l'horloge, le trousseau, les dossiers, le terminal",
        description="Ce que l'informatique de la structure vérifie d'abord. Sans connexion.",
    )  # fmt: skip
    doctor.add_argument("--serveur", metavar="URL", help="le serveur (sinon celui de config.toml)")
    doctor.add_argument("--format", choices=("texte", "json"), default="texte")

    figures = commands.add_parser(
        "statistiques", parents=[common, formats],
        help="« Pilotage du partenariat » : les chiffres",
        description="Les chiffres du COPIL, d'un organisme ou de tous, sur une période.",
    )  # fmt: skip
    figures.add_argument("--organisme", metavar="CODE", help="un organisme (sinon tous)")
    figures.add_argument("--periode", choices=("annee", "trimestre", "12mois", "dates"),
                         help="par défaut : trimestre avec --trimestre, dates avec --debut ou "
                         "--fin, sinon annee")  # fmt: skip
    figures.add_argument("--annee", type=int, help="pour annee et trimestre (sinon l'actuelle)")
    figures.add_argument("--trimestre", type=int, choices=(1, 2, 3, 4))
    figures.add_argument("--debut", type=_day, metavar="JJ/MM/AAAA", help="pour dates")
    figures.add_argument("--fin", type=_day, metavar="JJ/MM/AAAA", help="pour dates, incluse")
    return parser


def _parsed(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """argv parsed; a command or an option typed wrong is said by the command it was meant
    for, with the name that comes closest."""
    import difflib

    from ep_tui.cli import COMMANDS

    if argv and not argv[0].startswith("-") and argv[0] not in COMMANDS:
        close = difflib.get_close_matches(argv[0], COMMANDS, n=1)
        hint = f" ; vouliez-vous dire « {close[0]} » ?" if close else ""
        parser.error(f"« {argv[0]} » n'est pas une commande{hint}")
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        command = _subparser(parser, args.command)
        known = [o for action in command._actions for o in action.option_strings]
        close = difflib.get_close_matches(unknown[0], known, n=1)
        hint = f" ; vouliez-vous dire {close[0]} ?" if close else ""
        command.error(f"{unknown[0]} : option inconnue{hint}")
    return args


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return subparsers.choices[name]  # type: ignore[no-any-return]


def _statuses() -> list[str]:
    from ep_contract.domain.statuses import Status

    return [str(status) for status in Status]


def run(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = _parsed(parser, argv)
    try:
        if args.command == "aide":
            from ep_tui.cli.topics import text

            print(text(args.sujet), end="", file=out)
            return Exit.OK
        if args.command == "completion":
            from ep_tui.cli.completion import script

            print(script(parser, args.shell), end="", file=out)
            return Exit.OK
        if args.command == "doctor":
            return _doctor(args, out)
        context = context_of(args, out)
        # What a person types is read before the event loop runs: inside it, Ctrl+C only
        # cancels the task and a prompt would wait on.
        _prepare(context, args)
        if args.command in READING:  # no event loop: see ep_tui.cli.plain
            READING[args.command](context, args)
        else:
            import asyncio

            asyncio.run(_action(args.command)(context, args))
    except CommandError as error:
        print(f"ep-tui {args.command} : {shown(error.message)}", file=err)
        return error.code
    except EOFError:
        print(f"ep-tui {args.command} : entrée terminée avant la réponse attendue.", file=err)
        return Exit.USAGE
    except BrokenPipeError:
        # The reader stopped (« | head »): what was asked was delivered as far as wanted.
        _silence_stdout()
        return Exit.OK
    except KeyboardInterrupt:
        print(f"ep-tui {args.command} : interrompu.", file=err)
        return 130
    except Exception as error:  # a defect of ours: its name, never its text (it may quote input)
        print(f"ep-tui {args.command} : erreur interne ({type(error).__name__}).", file=err)
        return Exit.FAILED
    try:
        out.flush()
    except BrokenPipeError:
        _silence_stdout()
    return Exit.OK


def _prepare(context: Context, args: argparse.Namespace) -> None:
    """The password, the text on stdin and a confirmation, asked in that order."""
    from ep_tui.cli import writes

    if args.command == "deconnexion":
        return
    if args.command == "connexion":  # typed, never the keyring's: connexion checks it
        context.password = typed_password(context, args.mot_de_passe_stdin)
        if context.password is None:
            raise CommandError("pas de terminal pour taper le mot de passe : "
                               "--mot-de-passe-stdin.", Exit.USAGE)  # fmt: skip
        return
    if args.command in ("message", "completer"):
        prompt = "Votre message" if args.command == "message" else (
            "Le nouveau commentaire (vide : l'ancien est gardé)")  # fmt: skip
        context.text = writes.read_text(context, args, prompt)  # after the password's line
    if context.password is None:
        context.password = password_of(context, context.password_from_stdin)
    if args.command == "annuler":
        writes.confirm(args)


def _doctor(args: argparse.Namespace, out: TextIO) -> int:
    import json

    from ep_tui.cli import doctor
    from ep_tui.config import ConfigError, load_settings

    try:
        settings = load_settings({"server_url": args.serveur})
    except ConfigError as error:
        raise CommandError(str(error), Exit.USAGE) from None
    checks = doctor.run_checks(settings)
    if args.format == "json":
        print(json.dumps(doctor.as_dicts(checks), ensure_ascii=False, indent=2), file=out)
    else:
        print(doctor.as_text(checks), file=out)
    failed = {check.name for check in checks if check.state == "échec"}
    if "Serveur" in failed:
        return Exit.UNREACHABLE
    return Exit.FAILED if failed else Exit.OK


def _silence_stdout() -> None:
    # Python flushes stdout again at exit and would print a second traceback to stderr.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


# --- the commands --------------------------------------------------------------------------


def connexion(context: Context, args: argparse.Namespace) -> None:
    with reading(context) as reader:  # the password typed: _prepare never reads the keyring's
        who = reader.session.me
    server = context.settings.server_url
    name = f"{who.first_name} {who.last_name}"
    if context.credentials.store(server, context.username, context.password or ""):
        print(f"Connecté : {name}. Mot de passe gardé au trousseau du système.", file=context.out)
    else:
        print(f"Connecté : {name}. Aucun trousseau sur ce système : le mot de passe sera "
              "demandé à chaque commande.", file=context.out)  # fmt: skip


def deconnexion(context: Context, args: argparse.Namespace) -> None:
    if not context.credentials.status().available:
        print("Aucun trousseau sur ce système : aucun mot de passe n'y était gardé.",
              file=context.out)  # fmt: skip
        return
    context.credentials.forget(context.settings.server_url, context.username)
    print(f"Mot de passe de {context.username} oublié.", file=context.out)


def organismes(context: Context, args: argparse.Namespace) -> None:
    from ep_tui.cli import render

    with reading(context) as reader:
        found = reader.get("list[Organisme]", "/api/v1/organismes")
    if args.format == "csv":
        spreadsheet(context, render.organismes_csv(found))
        return
    text = render.to_json(found) if args.format == "json" else render.organismes_text(found)
    print(text, file=context.out)


def demandes(context: Context, args: argparse.Namespace) -> None:
    from ep_tui.api_client.errors import contract_broken
    from ep_tui.cli import render

    code = args.organisme or context.state.last_organisme(
        context.settings.server_url, context.username
    )
    if not code:
        raise CommandError("aucun organisme retenu : indiquez --organisme CODE (ep-tui "
                           "organismes les liste ; il sera retenu).", Exit.USAGE)  # fmt: skip
    query = query_params("HistoryQuery", {
        "numero": args.numero, "personne": args.personne, "statut": args.statut,
        "depot_debut": args.depot_debut, "depot_fin": args.depot_fin,
        "demandeur": args.demandeur, "service": args.offre, "motif": args.motif,
        "sort": SORT_KEYS[args.tri], "order": "asc" if args.ordre == "croissant" else "desc",
        "page": 1 if args.tout else args.page, "page_size": 100 if args.tout else args.par_page,
    })  # fmt: skip
    path = f"/api/v1/organismes/{quote(code, safe='')}/requests"
    with reading(context, fields_are_options=True) as reader:
        page = reader.get("HistoryPage", path, query)
        items = list(page.items)
        # As many pages as the first answer counts, each the one asked: a server that
        # repeats a page, or counts 100,000 of them for nothing, is not followed.
        last = min(page.pages, -(-page.total // max(page.page_size, 1)))
        for number in range(2, last + 1) if args.tout else ():
            page = reader.get("HistoryPage", path, {**query, "page": str(number)})
            if page.page != number:
                raise said(contract_broken(None))
            if not page.items:  # fewer requests than when counted
                break
            items.extend(page.items)
    context.state.remember_organisme(context.settings.server_url, context.username, code)
    if args.format == "json":
        text = render.to_json(items if args.tout else page)
    elif args.format == "csv":
        from ep_tui.export import to_csv

        spreadsheet(context, to_csv(items))
        return
    else:
        text = render.history_text(items, None if args.tout else page)
    print(text, file=context.out)


def demande(context: Context, args: argparse.Namespace) -> None:
    from ep_tui.cli import render

    number = number_checked(args.numero)
    with reading(context) as reader:
        detail = reader.get("RequestDetail", f"/api/v1/requests/{number}")
    if args.format == "csv":  # its line of the history's export
        from ep_tui.export import to_csv

        spreadsheet(context, to_csv([detail]))
        return
    text = render.to_json(detail) if args.format == "json" else render.detail_text(detail)
    print(text, file=context.out)


def a_traiter(context: Context, args: argparse.Namespace) -> None:
    from ep_tui.cli import render

    scope = "structure" if args.structure else "mine"
    with reading(context) as reader:
        work = reader.get("WorkList", "/api/v1/worklist", {"scope": scope})
    if args.format == "csv":
        spreadsheet(context, render.work_list_csv(work))
        return
    text = render.to_json(work) if args.format == "json" else render.work_list_text(work)
    print(text, file=context.out)


def statistiques(context: Context, args: argparse.Namespace) -> None:
    from ep_tui.cli import render

    periode = args.periode or (
        "trimestre" if args.trimestre else "dates" if args.debut or args.fin else "annee"
    )
    query = query_params("StatisticsQuery", {
        "organisme": args.organisme, "periode": periode, "annee": args.annee,
        "trimestre": args.trimestre, "debut": args.debut, "fin": args.fin,
    })  # fmt: skip
    with reading(context, fields_are_options=True) as reader:
        figures = reader.get("Statistics", "/api/v1/statistics", query)
    if args.format == "csv":
        from ep_tui import copil

        spreadsheet(context, copil.to_csv(figures))
        return
    text = render.to_json(figures) if args.format == "json" else render.statistics_text(figures)
    print(text, file=context.out)


def spreadsheet(context: Context, text: str) -> None:
    """CSV as a French spreadsheet opens it right: UTF-8 announced by its BOM."""
    context.out.write("\ufeff" + text)


def query_params(model: str, values: dict[str, object]) -> dict[str, str]:
    """The options checked against the query's model (its lengths, its values), then as the
    query string: what is set only, dates as aaaa-mm-jj."""
    from ep_tui.cli.plain import Unreadable, jsonable, schema

    given = {key: jsonable(value) for key, value in values.items() if value is not None}
    try:
        checked = jsonable(schema().decode(model, given))
    except Unreadable as error:
        field = error.where.split(".")[1] if "." in error.where else error.where
        raise CommandError(f"valeur refusée pour {option_name(field)} (voir --help).",
                           Exit.USAGE) from None  # fmt: skip
    return {key: str(value) for key, value in checked.items() if value not in (None, "")}


def _action(name: str) -> Callable[[Context, argparse.Namespace], Coroutine[object, object, None]]:
    from ep_tui.cli import filing, writes  # imported when one of their commands runs

    return {"annuler": writes.annuler, "message": writes.message, "completer": writes.completer,
            "telecharger": writes.telecharger, "deposer": filing.deposer}[name]  # fmt: skip


READING: dict[str, Callable[[Context, argparse.Namespace], None]] = {
    "connexion": connexion,
    "deconnexion": deconnexion,
    "organismes": organismes,
    "demandes": demandes,
    "demande": demande,
    "a-traiter": a_traiter,
    "statistiques": statistiques,
}
