"""The technician's operations on requests, each one transaction, each rule enforced here.

Every function takes an open connection (inside a transaction) and raises
:class:`ProblemError` with a French message naming the field at fault.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from ep_contract.domain import fields as rules
from ep_contract.domain.attachments import MAX_EXCHANGE_EXTRA, MAX_PER_REQUEST
from ep_contract.domain.catalogue import PERSON_FIELDS, Service, validate_submission
from ep_contract.domain.convention import ConventionState, can_access, can_file, convention_message
from ep_contract.domain.statuses import CANCEL_REASONS, EXCHANGE_DAYS, MAX_ROUND_TRIPS, Status
from ep_contract.wire import Cancellation, Complement, NewMessage, NewRequest
from mock_server import repository
from mock_server.problems import ProblemError, field_errors
from mock_server.repository import CANCELLED, ConventionRow, Technician
from mock_server.text import name_key

NOT_FOUND = "Demande introuvable."
_FIXED_FIELDS = {*PERSON_FIELDS, "motif", "commentaire"}


def accessible_convention(
    connection: sqlite3.Connection, technician: Technician, organisme_code: str, today: date
) -> ConventionRow:
    """The structure's convention with this organisme, if it gives access at all."""
    rows = repository.conventions_of(connection, technician.structure_id, today, organisme_code)
    if not rows or rows[0].state == ConventionState.EXPIRED:
        raise ProblemError(404, "Organisme introuvable.", code="organisme_not_found")
    convention = rows[0]
    if not can_access(convention.state):
        raise ProblemError(
            403,
            convention_message(
                convention.state, convention.organisme_name, convention.start, convention.end
            )
            or "Accès refusé.",
            code="convention_not_started",
        )
    return convention


def request_row(
    connection: sqlite3.Connection, technician: Technician, number: str, today: date
) -> sqlite3.Row:
    """The structure's request, on an organisme it may still see; 404 for anything else."""
    row = repository.request_for_structure(connection, number, technician.structure_id)
    if row is None:
        raise ProblemError(404, NOT_FOUND, code="request_not_found")
    try:
        accessible_convention(connection, technician, row["organisme_code"], today)
    except ProblemError as error:
        raise ProblemError(404, NOT_FOUND, code="request_not_found") from error
    return row


CONVENTION_ENDED = (
    "Le conventionnement avec cet organisme est terminé : ses demandes se consultent, elles ne "
    "se modifient plus."
)


def can_change(connection: sqlite3.Connection, technician: Technician, row: sqlite3.Row,
               today: date) -> bool:  # fmt: skip
    """Whether the structure may still act on this request: complete, cancel, write, close.
    After its convention's end, an organisme is for consulting the history only (manual §II:
    « consulter les réponses apportées à vos demandes »)."""
    convention = accessible_convention(connection, technician, row["organisme_code"], today)
    return can_file(convention.state)


def changeable_row(
    connection: sqlite3.Connection, technician: Technician, number: str, today: date
) -> sqlite3.Row:
    """The request, if the structure may still act on it (see :func:`can_change`)."""
    row = request_row(connection, technician, number, today)
    if not can_change(connection, technician, row, today):
        raise ProblemError(409, CONVENTION_ENDED, code="convention_closed")
    return row


def claim_uploads(
    connection: sqlite3.Connection,
    ids: list[str],
    owner_role: str,
    owner_id: int,
    field: str = "attachment_ids",
) -> list[sqlite3.Row]:
    """The uploads the caller made and has not attached yet, in the order given."""
    if len(set(ids)) != len(ids):
        raise field_errors({field: "Une même pièce jointe est donnée deux fois."})
    rows = []
    for attachment_id in ids:
        row = connection.execute(
            "SELECT id, name FROM attachments WHERE id = ? AND owner_role = ? AND owner_id = ?"
            " AND request_id IS NULL",
            (attachment_id, owner_role, owner_id),
        ).fetchone()
        if row is None:
            raise field_errors({field: "Pièce jointe inconnue ou déjà utilisée."})
        rows.append(row)
    return rows


def attach(
    connection: sqlite3.Connection,
    uploads: list[sqlite3.Row],
    request_id: int,
    direction: str,
    now: int,
    message_id: int | None = None,
) -> None:
    for upload in uploads:
        connection.execute(
            "UPDATE attachments SET request_id = ?, direction = ?, message_id = ?,"
            " attached_at = ? WHERE id = ?",
            (request_id, direction, message_id, now, upload["id"]),
        )


def _answers(service: Service, cleaned: dict) -> list[dict]:
    return [
        {"name": f.name, "label": f.label, "value": cleaned[f.name]}
        for f in service.fields
        if f.name not in _FIXED_FIELDS and f.name in cleaned
    ]


def file_request(
    connection: sqlite3.Connection,
    technician: Technician,
    organisme_code: str,
    body: NewRequest,
    now: int,
    today: date,
) -> int:
    """File a new request; returns its row id."""
    convention = accessible_convention(connection, technician, organisme_code, today)
    if not can_file(convention.state):
        raise ProblemError(
            409,
            "Le conventionnement avec cet organisme est terminé : aucune nouvelle demande ne "
            "peut être déposée.",
            code="convention_closed",
        )
    service = repository.catalogue(connection, convention.catalogue_code).service(body.service)
    if service is None:
        raise field_errors({"service": "Offre de service inconnue pour cet organisme."})
    uploads = claim_uploads(connection, body.attachment_ids, "technician", technician.id)
    cleaned, errors = validate_submission(
        service, body.values, today, attachment_count=len(uploads)
    )
    if errors:
        if "pieces_jointes" in errors:
            errors["attachment_ids"] = errors.pop("pieces_jointes")
        raise field_errors(errors)

    person = None
    birth_date = None
    if service.has_person:
        person = f"{cleaned['civilite']} {cleaned['nom']} {cleaned['prenom']}"
        parsed = rules.parse_date(str(cleaned["date_naissance"]))
        birth_date = parsed.isoformat() if parsed else None
    number = repository.next_number(connection, organisme_code, now)
    request_id = repository.insert_request(
        connection,
        {
            "number": number,
            "structure_id": technician.structure_id,
            "organisme_code": organisme_code,
            "technician_id": technician.id,
            "requester": technician.requester,
            "requester_key": name_key(technician.last_name, technician.first_name),
            "service_code": service.code,
            "service_title": service.title,
            "motif": cleaned.get("motif"),
            "civilite": cleaned.get("civilite"),
            "nom": cleaned.get("nom"),
            "prenom": cleaned.get("prenom"),
            "birth_date": birth_date,
            "birth_place": cleaned.get("lieu_naissance"),
            "phone": cleaned.get("telephone"),
            "person": person,
            "person_key": name_key(str(cleaned["nom"]), str(cleaned["prenom"])) if person else None,
            "comment": cleaned["commentaire"],
            "answers_json": json.dumps(_answers(service, cleaned), ensure_ascii=False),
            "filed_at": now,
            "status": Status.NOUVEAU,
            "status_at": now,
            "closed_by_technician": 0,
        },
    )
    attach(connection, uploads, request_id, "sent", now)
    return request_id


def _require_status(row: sqlite3.Row, allowed: set[Status], detail: str) -> None:
    if row["status"] not in allowed:
        raise ProblemError(
            409,
            detail,
            code="status_forbids",
            errors={"status": f"Statut actuel : {row['status']}."},
        )


def complete(
    connection: sqlite3.Connection,
    technician: Technician,
    number: str,
    body: Complement,
    now: int,
    today: date,
) -> int:
    row = changeable_row(connection, technician, number, today)
    if body.expected_version is not None and body.expected_version != row["version"]:
        raise ProblemError(
            409,
            "La demande a changé entre-temps : rechargez-la avant de la compléter.",
            code="request_changed",
        )
    _require_status(
        row,
        {Status.NOUVEAU},
        "La demande n'est plus au statut « Nouveau » : elle ne peut plus être complétée.",
    )
    errors = {}
    error = rules.validate_comment(body.comment)
    if error:
        errors["comment"] = error
    uploads = claim_uploads(connection, body.attachment_ids, "technician", technician.id)
    service = _service_of(connection, row)
    (already,) = connection.execute(
        "SELECT COUNT(*) FROM attachments WHERE request_id = ? AND direction = 'sent'",
        (row["id"],),
    ).fetchone()
    if uploads and (service is None or not service.accepts_attachments):
        errors["attachment_ids"] = "Cette offre de service n'accepte pas de pièce jointe."
    elif already + len(uploads) > MAX_PER_REQUEST:
        errors["attachment_ids"] = (
            f"{MAX_PER_REQUEST} pièces jointes maximum par demande : "
            f"{MAX_PER_REQUEST - already} de plus au plus."
        )
    if errors:
        raise field_errors(errors)
    connection.execute(
        "UPDATE requests SET comment = ? WHERE id = ?",
        (body.comment, row["id"]),
    )
    attach(connection, uploads, row["id"], "sent", now)
    return int(row["id"])


def _service_of(connection: sqlite3.Connection, row: sqlite3.Row) -> Service | None:
    catalogue_row = connection.execute(
        "SELECT catalogue_code FROM organismes WHERE code = ?", (row["organisme_code"],)
    ).fetchone()
    catalogue = repository.catalogue(connection, catalogue_row["catalogue_code"])
    return catalogue.service(row["service_code"])


def cancel(
    connection: sqlite3.Connection,
    technician: Technician,
    number: str,
    body: Cancellation,
    now: int,
    today: date,
) -> None:
    row = changeable_row(connection, technician, number, today)
    _require_status(
        row,
        {Status.NOUVEAU},
        "La demande n'est plus au statut « Nouveau » : elle ne peut plus être annulée.",
    )
    errors = {}
    if body.reason not in CANCEL_REASONS:
        errors["reason"] = "Sélectionnez un des motifs d'annulation proposés."
    if not body.confirm:
        errors["confirm"] = "Vous devez confirmer l'annulation."
    if errors:
        raise field_errors(errors)
    connection.execute(
        "UPDATE requests SET status = ?, status_at = ?, cancelled_at = ?, cancel_reason = ?"
        " WHERE id = ?",
        (CANCELLED, now, now, body.reason, row["id"]),
    )


def send_message(
    connection: sqlite3.Connection,
    technician: Technician,
    number: str,
    body: NewMessage,
    now: int,
    today: date,
) -> int:
    row = changeable_row(connection, technician, number, today)
    status = Status(row["status"])
    if row["resolved_at"] is None:
        raise ProblemError(
            409,
            "L'échange de messages est possible une fois la demande résolue.",
            code="status_forbids",
        )
    if status == Status.CLOTURE or now > repository.last_second_of_window(
        row["resolved_at"], EXCHANGE_DAYS
    ):
        raise ProblemError(
            409,
            f"L'échange est clôturé (délai de {EXCHANGE_DAYS} jours dépassé ou clôture manuelle).",
            code="exchange_closed",
        )
    if status == Status.MESSAGE_ENVOYE:
        raise ProblemError(
            409,
            "Votre message précédent est en attente de réponse de l'organisme.",
            code="awaiting_answer",
        )
    (sent,) = connection.execute(
        "SELECT COUNT(*) FROM messages WHERE request_id = ? AND author = 'technicien'",
        (row["id"],),
    ).fetchone()
    if sent >= MAX_ROUND_TRIPS:
        raise ProblemError(
            409,
            f"Les {MAX_ROUND_TRIPS} allers-retours de l'échange ont été utilisés.",
            code="round_trips_exhausted",
        )
    errors = {}
    error = rules.validate_comment(body.body)
    if error:
        errors["body"] = error
    uploads = claim_uploads(connection, body.attachment_ids, "technician", technician.id)
    (extra,) = connection.execute(
        "SELECT COUNT(*) FROM attachments WHERE request_id = ? AND direction = 'sent'"
        " AND message_id IS NOT NULL",
        (row["id"],),
    ).fetchone()
    if extra + len(uploads) > MAX_EXCHANGE_EXTRA:
        errors["attachment_ids"] = (
            f"{MAX_EXCHANGE_EXTRA} pièces jointes supplémentaires au plus dans l'échange : "
            f"{MAX_EXCHANGE_EXTRA - extra} de plus au plus."
        )
    if errors:
        raise field_errors(errors)
    cursor = connection.execute(
        "INSERT INTO messages (request_id, author, author_name, body, sent_at)"
        " VALUES (?, 'technicien', ?, ?, ?)",
        (row["id"], technician.requester, body.body, now),
    )
    attach(connection, uploads, row["id"], "sent", now, cursor.lastrowid)
    connection.execute(
        "UPDATE requests SET status = ?, status_at = ? WHERE id = ?",
        (Status.MESSAGE_ENVOYE, now, row["id"]),
    )
    return int(row["id"])


def close_exchange(
    connection: sqlite3.Connection, technician: Technician, number: str, now: int, today: date
) -> int:
    row = changeable_row(connection, technician, number, today)
    if row["resolved_at"] is None:
        raise ProblemError(409, "La demande n'est pas encore résolue.", code="status_forbids")
    if row["status"] == Status.CLOTURE:
        raise ProblemError(409, "L'échange est déjà clôturé.", code="exchange_closed")
    connection.execute(
        "UPDATE requests SET status = ?, status_at = ?, closed_by_technician = 1 WHERE id = ?",
        (Status.CLOTURE, now, row["id"]),
    )
    return int(row["id"])
