"""The duplicate check before VALIDER (SPEC §10: no new request while one is in progress for
the same person and purpose)."""

from __future__ import annotations

import json
import sqlite3

from ep_contract.domain.statuses import Status
from ep_contract.wire import DuplicateQuery, Duplicates
from mock_server.text import name_key
from mock_server.views import SUMMARY_COLUMNS, summary

# A structure may well have filed twice by mistake; a screenful is enough to say so.
LIMIT = 20


def in_progress(
    connection: sqlite3.Connection, structure_id: int, organisme_code: str, query: DuplicateQuery
) -> Duplicates:
    """Same structure and organisme, same person (name and first name compared without case
    or accents, same birth date), same ODS and motif — for the ODS without a motif, one of
    the same documents asked — and still « Nouveau » or « Pris en charge »: a resolved
    request does not stop a new one."""
    rows = connection.execute(
        f"SELECT {SUMMARY_COLUMNS}, answers_json FROM requests INDEXED BY requests_by_person"
        " WHERE structure_id = ? AND organisme_code = ? AND person_key = ?"
        " AND birth_date = ? AND service_code = ? AND motif IS ? AND status IN (?, ?)"
        " ORDER BY filed_at DESC, id DESC LIMIT ?",
        (
            structure_id,
            organisme_code,
            name_key(query.nom, query.prenom),
            query.date_naissance.isoformat(),
            query.service,
            query.motif,
            Status.NOUVEAU,
            Status.PRIS_EN_CHARGE,
            LIMIT,
        ),
    ).fetchall()
    if query.documents:
        asked = set(query.documents)
        rows = [row for row in rows if asked & _documents(row["answers_json"])]
    return Duplicates(items=[summary(row) for row in rows])


def _documents(answers_json: str) -> set[str]:
    for answer in json.loads(answers_json or "[]"):
        if answer.get("name") == "documents" and isinstance(answer.get("value"), list):
            return set(answer["value"])
    return set()
