"""Rows of the store as wire models."""

from __future__ import annotations

import sqlite3
from datetime import date

from ep_contract.domain.attachments import MAX_EXCHANGE_EXTRA
from ep_contract.domain.statuses import (
    DOWNLOAD_DAYS,
    EXCHANGE_DAYS,
    MAX_ROUND_TRIPS,
    MESSAGE_ALLOWED,
    Status,
)
from ep_contract.wire import (
    Actions,
    Answer,
    Exchange,
    Message,
    Person,
    ReceivedAttachment,
    RequestDetail,
    RequestSummary,
    SentAttachment,
)
from mock_server.clock import at, from_timestamp
from mock_server.repository import answers_of, last_second_of_window

SUMMARY_COLUMNS = (
    "number, organisme_code, service_code, service_title, motif, person, requester, "
    "filed_at, status, status_at"
)


def summary(row: sqlite3.Row) -> RequestSummary:
    return RequestSummary(
        number=row["number"],
        organisme_code=row["organisme_code"],
        service_code=row["service_code"],
        service_title=row["service_title"],
        motif=row["motif"],
        person=row["person"],
        requester=row["requester"],
        filed_at=at(row["filed_at"]),
        status=Status(row["status"]),
        status_at=at(row["status_at"]),
    )


def exchange_state(
    row: sqlite3.Row, technician_messages: int, extra_attachments: int, now: int
) -> Exchange:
    """Where the follow-up exchange stands, and why a message cannot be written if it can't."""
    status = Status(row["status"])
    resolved_at = row["resolved_at"]
    closes_at = last_second_of_window(resolved_at, EXCHANGE_DAYS) if resolved_at else None
    reason: str | None = None
    if resolved_at is None:
        reason = "L'échange de messages est possible une fois la demande résolue."
    elif status == Status.CLOTURE and row["closed_by_technician"]:
        reason = "L'échange a été clôturé."
    elif closes_at is not None and now > closes_at:
        reason = (
            f"Le délai de {EXCHANGE_DAYS} jours après la résolution est dépassé : "
            "l'échange est clôturé."
        )
    elif status == Status.MESSAGE_ENVOYE:
        reason = "Votre message est en attente de réponse de l'organisme."
    elif technician_messages >= MAX_ROUND_TRIPS:
        reason = f"Les {MAX_ROUND_TRIPS} allers-retours de l'échange ont été utilisés."
    elif status not in MESSAGE_ALLOWED:
        reason = "L'échange est clôturé."
    return Exchange(
        open=reason is None,
        closes_at=at(closes_at) if closes_at else None,
        round_trips_used=technician_messages,
        round_trips_max=MAX_ROUND_TRIPS,
        attachments_used=extra_attachments,
        attachments_max=MAX_EXCHANGE_EXTRA,
        closed_reason=reason,
    )


def detail(
    connection: sqlite3.Connection, row: sqlite3.Row, now: int, *, changeable: bool = True
) -> RequestDetail:
    """The request as the detail shows it; ``changeable`` False (its convention has ended)
    offers no action."""
    attachments = connection.execute(
        "SELECT id, name, size, content_type, direction, message_id, attached_at "
        "FROM attachments WHERE request_id = ? ORDER BY attached_at, rowid",
        (row["id"],),
    ).fetchall()
    message_rows = connection.execute(
        "SELECT * FROM messages WHERE request_id = ? ORDER BY id", (row["id"],)
    ).fetchall()
    files_by_message: dict[int, list[str]] = {}
    for attachment in attachments:
        if attachment["message_id"] is not None:
            files_by_message.setdefault(attachment["message_id"], []).append(attachment["name"])
    messages = [
        Message(
            id=m["id"],
            author=m["author"],
            author_name=m["author_name"],
            body=m["body"],
            sent_at=at(m["sent_at"]),
            attachments=files_by_message.get(m["id"], []),
        )
        for m in message_rows
    ]
    technician_messages = sum(1 for m in message_rows if m["author"] == "technicien")
    extra_attachments = sum(
        1 for a in attachments if a["direction"] == "sent" and a["message_id"] is not None
    )
    exchange = exchange_state(row, technician_messages, extra_attachments, now)
    status = Status(row["status"])
    person = None
    if row["nom"]:
        person = Person(
            civilite=row["civilite"],
            nom=row["nom"],
            prenom=row["prenom"],
            date_naissance=date.fromisoformat(row["birth_date"]),
            lieu_naissance=row["birth_place"],
            telephone=row["phone"],
        )
    base = summary(row)
    return RequestDetail(
        **base.model_dump(),
        version=row["version"],
        person_details=person,
        comment=row["comment"],
        answers=[Answer(**answer) for answer in answers_of(row)],
        response=row["response"],
        taken_at=from_timestamp(row["taken_at"]),
        resolved_at=from_timestamp(row["resolved_at"]),
        attachments_sent=[
            SentAttachment(name=a["name"], size=a["size"], sent_at=at(a["attached_at"]))
            for a in attachments
            if a["direction"] == "sent"
        ],
        attachments_received=[
            ReceivedAttachment(
                id=a["id"],
                name=a["name"],
                size=a["size"],
                content_type=a["content_type"],
                received_at=at(a["attached_at"]),
                available_until=at(last_second_of_window(a["attached_at"], DOWNLOAD_DAYS)),
                available=now <= last_second_of_window(a["attached_at"], DOWNLOAD_DAYS),
            )
            for a in attachments
            if a["direction"] == "received"
        ],
        messages=messages,
        exchange=exchange,
        actions=Actions(
            complete=changeable and status == Status.NOUVEAU,
            cancel=changeable and status == Status.NOUVEAU,
            message=changeable and exchange.open,
            close_exchange=changeable
            and row["resolved_at"] is not None
            and status != Status.CLOTURE,
        ),
    )
