"""``ep-tui deposer FICHIER``: file a request described in a TOML or JSON file.

The file names the offre de service and gives the form's fields by their catalogue names,
and the attachments by path (relative to the file)::

    offre = "rdv"                       # the ODS's code (ep-tui deposer --help lists them)
    organisme = "331"                   # optional: --organisme, or the last one used
    motif = "Ouverture de droits"
    civilite = "Madame"
    nom = "GARNIER"
    prenom = "Zoé"
    date_naissance = "12/03/1958"
    lieu_naissance = "Lyon"
    telephone = "06.12.34.56.78"
    commentaire = "Dossier complet, pièces jointes regroupées dans un seul PDF."
    pieces_jointes = ["avis.pdf"]

Everything is checked here, by the rules the app's form applies (the organisme's catalogue,
ep_contract.domain), before anything is sent: an unknown ODS or motif, a missing field, a
file of the wrong type or over 5 MB is refused with its field's French message and nothing
leaves the machine. Then the duplicate check of the portal (SPEC §10): a request in progress
for the same person and purpose stops the filing unless ``--deposer-quand-meme``. The
Idempotency-Key comes from the file's content and its attachments': the same command run
again after a lost answer files nothing twice, and says the number filed (the key is noted
in the state folder before sending, so that the re-run does not take its own request for a
duplicate).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ep_tui.cli.codes import Exit
from ep_tui.cli.session import CommandError, Context, signed_in
from ep_tui.cli.writes import unreadable

if TYPE_CHECKING:
    from ep_contract.domain.catalogue import Service
    from ep_tui.api_client.client import EPClient

RESERVED = ("offre", "organisme", "pieces_jointes")
"""Keys of the file that are not fields of the form."""

INTENT_DAYS = 7
"""How long a filing's key is remembered: a re-run within that time is the same filing."""


def _intents_path() -> Path:
    from ep_tui.config import state_path

    return state_path().with_name("filings.json")


def _intents() -> dict[str, float]:
    try:
        data = json.loads(_intents_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: float(v) for k, v in data.items()} if isinstance(data, dict) else {}


def sent_before(key: str) -> bool:
    """This very filing (same file, attachments, server, organisme, identifiant) was sent
    within INTENT_DAYS — the days the server is asked to remember its key by."""
    import time

    sent = _intents().get(key)
    return sent is not None and time.time() - sent < INTENT_DAYS * 86_400


def remember_sending(key: str) -> None:
    """Written before the filing is sent: if the answer is lost, the re-run knows the request
    may be filed — its own, not a duplicate to stop at — and the server replays its answer.
    Only digests and times: nothing of the person. Kept INTENT_DAYS, then forgotten."""
    import time

    from ep_tui.config import write_private

    now = time.time()
    kept = {k: at for k, at in _intents().items() if now - at < INTENT_DAYS * 86_400}
    kept[key] = now
    write_private(_intents_path(), json.dumps(kept))


@dataclass(frozen=True)
class Described:
    """What the file asks for, read and checked against nothing yet."""

    service: str
    organisme: str | None
    values: dict[str, Any]
    files: list[tuple[str, bytes]]
    fingerprint: str
    """A digest of the file and its attachments: the filing's Idempotency-Key."""


def add_parser(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    filing = commands.add_parser(
        "deposer", parents=[common], help="déposer une demande décrite dans un fichier",
        description="Le fichier (TOML ou JSON) nomme l'offre de service et donne les champs du "
        "formulaire sous leur nom du catalogue, et les pièces jointes par leur chemin. Tout est "
        "vérifié avant le moindre envoi. Un exemple : ep-tui aide fichier.",
    )  # fmt: skip
    filing.add_argument("fichier", metavar="FICHIER", type=Path, help=".toml ou .json")
    filing.add_argument("--organisme", metavar="CODE")
    filing.add_argument("--verifier", action="store_true",
                        help="vérifier seulement : rien n'est envoyé")  # fmt: skip
    filing.add_argument("--deposer-quand-meme", action="store_true",
                        help="même si une demande en cours existe pour cette personne")  # fmt: skip
    filing.add_argument("--format", choices=("texte", "json"), default="texte")


def read_description(path: Path) -> Described:
    """The file, parsed; its attachments read. A file that cannot be read is a usage error."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path} : {unreadable(error)}.", Exit.USAGE) from None
    try:
        data = tomllib.loads(raw.decode()) if path.suffix != ".json" else json.loads(raw)
    except UnicodeDecodeError:
        raise CommandError(f"{path} : illisible (pas en UTF-8).", Exit.USAGE) from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise CommandError(f"{path} : illisible ({error}).", Exit.USAGE) from None
    if not isinstance(data, dict) or not isinstance(data.get("offre"), str):
        raise CommandError(f"{path} : « offre » (le code de l'offre de service) manque.",
                           Exit.USAGE)  # fmt: skip
    if wrong := [key for key, value in data.items() if not _well_typed(key, value)]:
        raise CommandError(f"{path} : valeur d'un type inattendu pour {', '.join(wrong)} "
                           "(texte, oui/non ou liste de textes).", Exit.USAGE)  # fmt: skip
    files = []
    digest = hashlib.sha256(raw)
    for name in data.get("pieces_jointes") or []:
        attachment = path.parent / name
        try:
            content = attachment.read_bytes()
        except OSError as error:
            raise CommandError(f"{attachment} : {unreadable(error)}.", Exit.USAGE) from None
        files.append((attachment.name, content))
        digest.update(hashlib.sha256(content).digest())
    values = {k: v for k, v in data.items() if k not in RESERVED}
    organisme = data.get("organisme")
    return Described(data["offre"], str(organisme) if organisme else None, values, files,
                     digest.hexdigest())  # fmt: skip


def _well_typed(key: str, value: object) -> bool:
    """What a form's field holds (text, a box ticked, a list of choices); the attachments are
    a list of paths."""
    if key == "pieces_jointes":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, str | bool)


def refusal(messages: dict[str, str]) -> CommandError:
    said = " ; ".join(f"{name} : {message}" for name, message in messages.items())
    return CommandError(f"rien n'a été envoyé. {said}", Exit.REFUSED)


def checked(service: Service, described: Described) -> dict[str, Any]:
    """The values as the server will take them, or the refusal that names each field."""
    from ep_contract.domain.attachments import check_attachment
    from ep_contract.domain.catalogue import validate_submission
    from ep_contract.domain.dates import paris_today

    problems = {
        f"pieces_jointes ({name})": message
        for name, content in described.files
        if (message := check_attachment(name, content))
    }
    values, errors = validate_submission(service, described.values, paris_today(),
                                         attachment_count=len(described.files))  # fmt: skip
    if described.files and not any(f.kind == "attachments" for f in service.fields):
        errors["pieces_jointes"] = "Cette offre de service ne prend pas de pièce jointe."
    if problems or errors:
        raise refusal({**_with_what_is_expected(service, errors), **problems})
    return values


def _with_what_is_expected(service: Service, errors: dict[str, str]) -> dict[str, str]:
    """A script's author has no form to look at: a refused or missing choice says the
    choices, an unknown field the fields of the offre."""
    from ep_contract.domain.catalogue import NOT_EXPECTED

    fields = {field.name: field for field in service.fields}
    said = {}
    for name, message in errors.items():
        field = fields.get(name)
        if field is None and name != "pieces_jointes":
            names = ", ".join(f.name for f in service.fields if f.kind != "attachments")
            message = f"{message} Champs de cette offre : {names}."
        elif field is not None and field.choices and message != NOT_EXPECTED:
            choices = ", ".join(f"« {choice} »" for choice in field.choices)
            message = f"{message} Au choix : {choices}."
        said[name] = message
    return said


async def deposer(context: Context, args: argparse.Namespace) -> None:
    from ep_contract.domain.fields import parse_date
    from ep_contract.wire import DuplicateQuery, NewRequest
    from ep_tui.cli import render

    described = read_description(args.fichier)
    code = (
        args.organisme
        or described.organisme
        or context.state.last_organisme(context.settings.server_url, context.username)
    )
    if not code:
        raise CommandError("aucun organisme retenu : --organisme CODE, ou « organisme » dans le "
                           "fichier (ep-tui organismes les liste).", Exit.USAGE)  # fmt: skip
    server = context.settings.server_url
    key = hashlib.sha256(f"{described.fingerprint}\x1f{server}\x1f{code}\x1f{context.username}"
                         .encode())  # fmt: skip

    async def file(client: EPClient) -> str:
        catalogue = await client.catalogue(code)
        service = catalogue.service(described.service)
        if service is None:
            codes = ", ".join(s.code for s in catalogue.services)
            raise refusal({"offre": f"« {described.service} » n'est pas une offre de cet "
                                    f"organisme (au choix : {codes})."})  # fmt: skip
        values = checked(service, described)
        born = parse_date(str(values.get("date_naissance", "")))
        again = sent_before(key.hexdigest())  # its own request would read as a duplicate
        if service.has_person and born is not None and not (args.deposer_quand_meme or again):
            query = DuplicateQuery(service=service.code, motif=values.get("motif"),
                                   documents=list(values.get("documents") or []),
                                   nom=values["nom"], prenom=values["prenom"],
                                   date_naissance=born)  # fmt: skip
            found = (await client.duplicates(code, query)).items
            if found:
                listed = ", ".join(f"{r.number} ({r.status}, déposée le "
                                   f"{render.stamp(r.filed_at)})" for r in found)  # fmt: skip
                raise CommandError(
                    f"une demande en cours existe déjà pour cette personne : {listed}. "
                    "Rien n'a été envoyé ; --deposer-quand-meme pour déposer quand même.",
                    Exit.REFUSED,
                )
        if args.verifier:  # checked as filing checks, the duplicates too: nothing sent
            return ""
        remember_sending(key.hexdigest())
        ids = []
        for index, (name, content) in enumerate(described.files):
            upload_key = f"{key.hexdigest()}-{index}"
            ids.append((await client.upload(name, content, idempotency_key=upload_key)).id)
        filed = await client.file_request(
            code,
            NewRequest(service=service.code, values=values, attachment_ids=ids),
            idempotency_key=key.hexdigest(),
        )
        if args.format == "json":
            return render.to_json(filed)
        if client.replayed:
            return (f"Demande déjà déposée : {filed.number}, par cette même commande lancée "
                    "plus tôt ; pas déposée deux fois.")  # fmt: skip
        return f"Demande déposée : {filed.number}."

    said = await signed_in(context, file)
    context.state.remember_organisme(server, context.username, code)
    if args.verifier:
        print(f"{args.fichier} : valide, rien n'a été envoyé.", file=context.out)
    else:
        print(said, file=context.out)
