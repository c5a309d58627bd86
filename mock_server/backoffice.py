"""The organisme's side: take a request in charge, resolve it, answer follow-up messages, and
the outbox of the e-mails the partner receives (manual §V, guide 001)."""

from __future__ import annotations

import sqlite3

from ep_contract.domain import fields as rules
from ep_contract.domain.statuses import Status
from mock_server import repository
from mock_server.catalogues import MAS_MOTIF
from mock_server.models import AgentReply, Resolution
from mock_server.problems import ProblemError, field_errors
from mock_server.repository import Agent
from mock_server.workflow import attach, claim_uploads


def _row(connection: sqlite3.Connection, agent: Agent, number: str) -> sqlite3.Row:
    row = repository.request_for_organisme(connection, number, agent.organisme_code)
    if row is None:
        raise ProblemError(404, "Demande introuvable.", code="request_not_found")
    return row


def _transition_refused(row: sqlite3.Row, wanted: str) -> ProblemError:
    return ProblemError(
        409,
        f"Impossible de {wanted} une demande au statut « {row['status']} ».",
        code="status_forbids",
    )


def _email(
    connection: sqlite3.Connection, row: sqlite3.Row, kind: str, subject: str, body: str, now: int
) -> None:
    # The e-mail names the request by its number only: no personal data leaves by e-mail.
    (to_address,) = connection.execute(
        "SELECT email FROM technicians WHERE id = ?", (row["technician_id"],)
    ).fetchone()
    connection.execute(
        "INSERT INTO outbox (to_address, subject, body, kind, request_number, organisme_code,"
        " sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (to_address, subject, body, kind, row["number"], row["organisme_code"], now),
    )


def take_in_charge(connection: sqlite3.Connection, agent: Agent, number: str, now: int) -> None:
    row = _row(connection, agent, number)
    if row["status"] != Status.NOUVEAU:
        raise _transition_refused(row, "prendre en charge")
    connection.execute(
        "UPDATE requests SET status = ?, status_at = ?, taken_at = ? WHERE id = ?",
        (Status.PRIS_EN_CHARGE, now, now, row["id"]),
    )
    # No « prise en charge » e-mail for the MAS motif: the BALI application already notifies
    # the partner (guide 001).
    if row["motif"] != MAS_MOTIF:
        _email(
            connection,
            row,
            "prise_en_charge",
            f"Espace Partenaires - Prise en charge de votre demande n° {row['number']}",
            f"Votre demande n° {row['number']} a été prise en charge par votre organisme "
            "d'Assurance Maladie.",
            now,
        )


def resolve(
    connection: sqlite3.Connection, agent: Agent, number: str, body: Resolution, now: int
) -> None:
    row = _row(connection, agent, number)
    if row["status"] != Status.PRIS_EN_CHARGE:
        raise _transition_refused(row, "résoudre")
    # The agent's text reaches the technician's terminal: the same rules as a comment.
    if error := rules.validate_comment(body.answer):
        raise field_errors({"answer": error})
    uploads = claim_uploads(connection, body.attachment_ids, "agent", agent.id)
    connection.execute(
        "UPDATE requests SET status = ?, status_at = ?, resolved_at = ?, response = ? WHERE id = ?",
        (Status.RESOLU, now, now, body.answer, row["id"]),
    )
    attach(connection, uploads, row["id"], "received", now)
    _email(
        connection,
        row,
        "resolution",
        f"Espace Partenaires - Résolution de votre demande n° {row['number']}",
        f"Votre demande n° {row['number']} a été résolue. Consultez la réponse dans le menu "
        "« Historique des demandes » d'Espace Partenaires.",
        now,
    )


def reply(
    connection: sqlite3.Connection, agent: Agent, number: str, body: AgentReply, now: int
) -> None:
    row = _row(connection, agent, number)
    if row["status"] != Status.MESSAGE_ENVOYE:
        raise _transition_refused(row, "répondre à")
    if error := rules.validate_comment(body.body):
        raise field_errors({"body": error})
    uploads = claim_uploads(connection, body.attachment_ids, "agent", agent.id)
    cursor = connection.execute(
        "INSERT INTO messages (request_id, author, author_name, body, sent_at)"
        " VALUES (?, 'organisme', ?, ?, ?)",
        (row["id"], agent.name, body.body, now),
    )
    attach(connection, uploads, row["id"], "received", now, cursor.lastrowid)
    connection.execute(
        "UPDATE requests SET status = ?, status_at = ? WHERE id = ?",
        (Status.MESSAGE_RECU, now, row["id"]),
    )
    # An answer that comes after the 15 days closes the exchange at once.
    repository.close_expired_exchanges(connection, now)
