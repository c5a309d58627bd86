"""The organisme's agent of ``ep-tui --demo``: the technician's new requests live on.

Without it a request filed in the demonstration stays « Nouveau » forever, and the work list
and the notifications never show the rest of its life. The agent acts as the back office
would (mock_server.backoffice: the same transitions, the same e-mails, none for the MAS
motif), at the clock's pace — so a test moves the mock clock instead of waiting:

- a request filed here is taken in charge about a minute after it was filed;
- it is resolved a few minutes after that, with an answer that fits its service (and the file
  the answer speaks of, when it speaks of one);
- a follow-up message is answered a minute and a half after it was sent.

Only what the technician did since the seed: the seed's requests keep the statuses the demo
data give them. The seed records where it ended (:func:`mark_seed_end`).
"""

from __future__ import annotations

import sqlite3

from ep_contract.domain.statuses import Status
from mock_server import demo_texts, repository
from mock_server.backoffice import reply, resolve, take_in_charge
from mock_server.models import AgentReply, Resolution
from mock_server.uploads import store_upload

TAKE_AFTER = 60
"""Seconds from filing to « Pris en charge »."""
RESOLVE_AFTER = 180
"""Seconds from « Pris en charge » to « Résolu »."""
REPLY_AFTER = 90
"""Seconds from « Message envoyé » to « Message reçu »."""

_LAST_SEEDED_ID = "seed_last_request_id"
_SEEDED_AT = "seeded_at"
_ANSWER_FILE = "Réponse de l'organisme.pdf"


def mark_seed_end(connection: sqlite3.Connection, now: int) -> None:
    """Called by the seed: the requests after this one, the messages after this instant, are
    the technician's own."""
    (last,) = connection.execute("SELECT COALESCE(MAX(id), 0) FROM requests").fetchone()
    connection.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [(_LAST_SEEDED_ID, str(last)), (_SEEDED_AT, str(now))],
    )


def _seed_end(connection: sqlite3.Connection, now: int) -> tuple[int, int]:
    found = dict(
        connection.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?)", (_LAST_SEEDED_ID, _SEEDED_AT)
        ).fetchall()
    )
    if len(found) < 2:  # a store seeded before the agent existed: from now on
        mark_seed_end(connection, now)
        return _seed_end(connection, now)
    return int(found[_LAST_SEEDED_ID]), int(found[_SEEDED_AT])


def act(connection: sqlite3.Connection, now: int) -> int:
    """Move on what is due at ``now``; returns how many requests changed."""
    last_seeded, seeded_at = _seed_end(connection, now)
    rows = connection.execute(
        "SELECT id, number, organisme_code, service_code, status, filed_at, taken_at, status_at"
        " FROM requests WHERE (id > ? AND status IN (?, ?)) OR (status = ? AND status_at > ?)"
        " ORDER BY id",
        (last_seeded, Status.NOUVEAU, Status.PRIS_EN_CHARGE, Status.MESSAGE_ENVOYE, seeded_at),
    ).fetchall()
    changed = 0
    for row in rows:
        agent = _agent_of(connection, row["organisme_code"])
        if agent is not None and _advance(connection, agent, row, now):
            changed += 1
    return changed


def _advance(
    connection: sqlite3.Connection, agent: repository.Agent, row: sqlite3.Row, now: int
) -> bool:
    """Every step due by ``now``, each at the instant it was due (a demo left alone for ten
    minutes finds its requests taken in charge *and* resolved, in that order)."""
    status, taken_at = Status(row["status"]), row["taken_at"]
    if status == Status.MESSAGE_ENVOYE:
        if now < row["status_at"] + REPLY_AFTER:
            return False
        body = AgentReply(body=demo_texts.reply_for(row["id"]))
        reply(connection, agent, row["number"], body, row["status_at"] + REPLY_AFTER)
        return True
    if status == Status.NOUVEAU:
        if now < row["filed_at"] + TAKE_AFTER:
            return False
        taken_at = row["filed_at"] + TAKE_AFTER
        take_in_charge(connection, agent, row["number"], taken_at)
    if now >= taken_at + RESOLVE_AFTER:
        _resolve(connection, agent, row, taken_at + RESOLVE_AFTER)
    return status == Status.NOUVEAU or now >= taken_at + RESOLVE_AFTER


def _agent_of(connection: sqlite3.Connection, organisme_code: str) -> repository.Agent | None:
    found = connection.execute(
        "SELECT id FROM agents WHERE organisme_code = ? ORDER BY id LIMIT 1", (organisme_code,)
    ).fetchone()
    return repository.agent_by_id(connection, found["id"]) if found else None


def _resolve(
    connection: sqlite3.Connection, agent: repository.Agent, row: sqlite3.Row, at: int
) -> None:
    answer = demo_texts.response_for(row["service_code"], row["id"])
    files = [_upload(connection, agent, at)] if demo_texts.mentions_attachment(answer) else []
    resolve(connection, agent, row["number"], Resolution(answer=answer, attachment_ids=files), at)


def _upload(connection: sqlite3.Connection, agent: repository.Agent, at: int) -> str:
    """The file the answer speaks of, uploaded by the agent as the back office would."""
    pdf = demo_texts.MINIMAL_PDF
    return store_upload(connection, "agent", agent.id, None, _ANSWER_FILE, pdf, at).id
