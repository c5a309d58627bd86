"""``ep-tui``: the command line. Heavy modules are imported only once the arguments are
read, and the demo server only at the first request: start-up time is the technician's."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ep_tui.cli import COMMANDS
from ep_tui.textual_compat.collector import space_young_collections
from ep_tui.textual_compat.frames import pace_frames

if TYPE_CHECKING:
    from ep_tui.api_client.client import EPClient
    from ep_tui.credentials import Credentials

DESCRIPTION = """Client clavier d'Espace Partenaires (Assurance Maladie).

Commandes, sans l'interface (ep-tui COMMANDE --help, ep-tui aide) : connexion, deconnexion,
organismes, demandes, demande, a-traiter, statistiques, deposer, completer, annuler, message,
telecharger, doctor, completion, aide.

Réglages : config.toml dans le dossier de configuration de l'utilisateur (voir le README),
remplacés par les variables d'environnement EP_TUI_… (EP_TUI_SERVER_URL, EP_TUI_THEME,
EP_TUI_NEWS_INTERVAL, …), elles-mêmes remplacées par ces options."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    from ep_tui.cli import french

    french.install()
    parser = french.FrenchParser(
        prog="ep-tui",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--server", "--serveur", metavar="URL", dest="server",
                        help="le serveur Espace Partenaires à utiliser")  # fmt: skip
    target.add_argument(
        "--demo",
        action="store_true",
        help="la démonstration : le serveur simulé dans l'application, sur des données de "
        "démonstration de votre dossier de données (identifiant mlapierre, mot de passe demo)",
    )
    parser.add_argument(
        "--demo-reset",
        action="store_true",
        help="avec --demo : remettre d'abord les données de démonstration",
    )
    parser.add_argument(
        "--demo-agent",
        choices=["on", "off"],
        default="on",
        help="avec --demo : un agent d'organisme simulé prend en charge vos nouvelles "
        "demandes, les résout et répond à vos messages, quelques minutes après (par "
        "défaut : on)",
    )
    parser.add_argument(
        "--theme",
        choices=["ep", "ep-clair", "ep-contraste"],
        help="thème de couleurs (ep-contraste : contraste élevé)",
    )
    parser.add_argument("--version", action="version", version="ep-tui 0.1.0",
                        help="afficher la version")  # fmt: skip
    args = parser.parse_args(argv)
    if args.demo_reset:
        args.demo = True
    return args


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments and (arguments[0] in COMMANDS or not arguments[0].startswith("-")):
        # A command, or a word that is not an option: the command line says what it knows.
        from ep_tui.cli.main import run  # no Textual, no app

        return run(arguments)
    args = parse_args(argv)
    pace_frames()
    space_young_collections()

    from ep_tui.config import ConfigError, LocalState, load_settings

    try:
        settings = load_settings({"server_url": args.server, "theme": args.theme})
    except ConfigError as error:
        print(f"ep-tui : {error}", file=sys.stderr)
        return 2

    if args.demo:
        from ep_tui.demo import DEMO_LABEL, DEMO_URL, MISSING_SERVER, missing_server_packages

        if missing := missing_server_packages():
            print(f"ep-tui : {MISSING_SERVER.format(missing=', '.join(missing))}", file=sys.stderr)
            return 2
        settings = settings.replace(server_url=DEMO_URL)
        label = DEMO_LABEL
    else:
        label = settings.server_url

    def make_client() -> EPClient:  # built at first use, off the start-up path
        from ep_tui.api_client.client import EPClient

        if not args.demo:
            return EPClient(settings.server_url)
        from ep_tui.demo import EmbeddedServerTransport

        transport = EmbeddedServerTransport(
            settings.data_path / "demo.sqlite3",
            reset=args.demo_reset,
            agent=args.demo_agent == "on",
        )
        return EPClient(settings.server_url, transport=transport)

    def make_credentials() -> Credentials:
        from ep_tui.credentials import Credentials

        return Credentials()

    from ep_tui.app import make_app
    from ep_tui.external_editor import sweep_leftovers
    from ep_tui.services import Services

    sweep_leftovers()  # a comment left in clear by a run that died with its editor open

    services = Services(settings, make_client, make_credentials, LocalState(), label)
    make_app(services).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
