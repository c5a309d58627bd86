"""Row-level access to the store: reads and writes with no business rule in them."""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from ep_contract.domain.catalogue import Catalogue
from ep_contract.domain.convention import ConventionState, convention_state
from ep_contract.domain.request_number import SEQUENCE_MAX, format_request_number
from ep_contract.domain.statuses import EXCHANGE_DAYS, Status
from mock_server.clock import PARIS, date_of
from mock_server.problems import ProblemError
from mock_server.text import search_key

CANCELLED = "Annulé"
"""Internal status of a cancelled request: gone from the history and from every answer."""
DAY = 86_400


@dataclass(frozen=True, slots=True)
class Technician:
    id: int
    structure_id: int
    structure_name: str
    username: str
    first_name: str
    last_name: str
    email: str
    newsletter: bool

    @property
    def requester(self) -> str:
        """« LAPIERRE Martine », as the history shows who filed a request."""
        return f"{self.last_name.upper()} {self.first_name}"


@dataclass(frozen=True, slots=True)
class Agent:
    id: int
    username: str
    name: str
    organisme_code: str


def technician_by_id(connection: sqlite3.Connection, technician_id: int) -> Technician | None:
    row = connection.execute(
        """SELECT t.*, s.name AS structure_name FROM technicians t
           JOIN structures s ON s.id = t.structure_id WHERE t.id = ?""",
        (technician_id,),
    ).fetchone()
    if row is None:
        return None
    return Technician(
        id=row["id"],
        structure_id=row["structure_id"],
        structure_name=row["structure_name"],
        username=row["username"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        email=row["email"],
        newsletter=bool(row["newsletter"]),
    )


def agent_by_id(connection: sqlite3.Connection, agent_id: int) -> Agent | None:
    row = connection.execute("SELECT * FROM agents WHERE id = ?", (agent_id,)).fetchone()
    if row is None:
        return None
    return Agent(
        id=row["id"],
        username=row["username"],
        name=row["name"],
        organisme_code=row["organisme_code"],
    )


@dataclass(frozen=True, slots=True)
class ConventionRow:
    organisme_code: str
    organisme_name: str
    catalogue_code: str
    start: date
    end: date | None
    state: ConventionState


def conventions_of(
    connection: sqlite3.Connection,
    structure_id: int,
    today: date,
    organisme_code: str | None = None,
) -> list[ConventionRow]:
    """The structure's conventions with their state today (expired ones included)."""
    rows = connection.execute(
        """SELECT c.organisme_code, o.name, o.catalogue_code, c.start_on, c.end_on
           FROM conventions c JOIN organismes o ON o.code = c.organisme_code
           WHERE c.structure_id = ? AND (? IS NULL OR c.organisme_code = ?)
           ORDER BY o.name""",
        (structure_id, organisme_code, organisme_code),
    ).fetchall()
    result = []
    for row in rows:
        start = date.fromisoformat(row["start_on"])
        end = date.fromisoformat(row["end_on"]) if row["end_on"] else None
        unresolved, last_resolved = False, None
        # Only an ended convention depends on its requests: spare the queries otherwise.
        if end is not None and today > end:
            unresolved, last_resolved = _resolution_progress(
                connection, structure_id, row["organisme_code"]
            )
        state = convention_state(
            start, end, today, has_unresolved=unresolved, last_resolved_on=last_resolved
        )
        result.append(
            ConventionRow(
                row["organisme_code"], row["name"], row["catalogue_code"], start, end, state
            )
        )
    return result


def _resolution_progress(
    connection: sqlite3.Connection, structure_id: int, organisme_code: str
) -> tuple[bool, date | None]:
    unresolved = connection.execute(
        "SELECT 1 FROM requests WHERE structure_id = ? AND organisme_code = ? AND status IN (?, ?)"
        " LIMIT 1",
        (structure_id, organisme_code, Status.NOUVEAU, Status.PRIS_EN_CHARGE),
    ).fetchone()
    (last_resolved,) = connection.execute(
        "SELECT MAX(resolved_at) FROM requests WHERE structure_id = ? AND organisme_code = ?"
        " AND status != ?",
        (structure_id, organisme_code, CANCELLED),
    ).fetchone()
    return unresolved is not None, date_of(last_resolved) if last_resolved else None


def catalogue(connection: sqlite3.Connection, code: str) -> Catalogue:
    row = connection.execute("SELECT json FROM catalogues WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise ProblemError(500, "Catalogue manquant.", code="catalogue_missing")
    return Catalogue.model_validate_json(row["json"])


def next_number(connection: sqlite3.Connection, organisme_code: str, filed_at: int) -> str:
    """The next number of the organisme's sequence for the year (French year of filing)."""
    year = date_of(filed_at).year
    connection.execute(
        """INSERT INTO counters (organisme_code, year, last_sequence) VALUES (?, ?, 1)
           ON CONFLICT (organisme_code, year) DO UPDATE SET last_sequence = last_sequence + 1""",
        (organisme_code, year),
    )
    (sequence,) = connection.execute(
        "SELECT last_sequence FROM counters WHERE organisme_code = ? AND year = ?",
        (organisme_code, year),
    ).fetchone()
    if sequence > SEQUENCE_MAX:
        raise ProblemError(
            409,
            "La numérotation de l'année est épuisée pour cet organisme.",
            code="sequence_exhausted",
        )
    return format_request_number(year, organisme_code, sequence)


REQUEST_COLUMNS = (
    "filed_year",
    "number",
    "structure_id",
    "organisme_code",
    "technician_id",
    "requester",
    "requester_key",
    "service_code",
    "service_title",
    "motif",
    "civilite",
    "nom",
    "prenom",
    "birth_date",
    "birth_place",
    "phone",
    "person",
    "person_key",
    "comment",
    "answers_json",
    "filed_at",
    "status",
    "status_at",
    "taken_at",
    "resolved_at",
    "response",
    "closed_by_technician",
    "service_sort",
    "motif_sort",
)


def with_sort_keys(row: dict) -> dict:
    """The row with the keys its offre and motif are sorted by (French order, mock_server.db),
    and its Paris year of filing (the statistics' index)."""
    motif = row.get("motif")
    return {**row, "service_sort": search_key(row["service_title"]),
            "motif_sort": search_key(motif) if motif is not None else None,
            "filed_year": date_of(row["filed_at"]).year}  # fmt: skip


def insert_request(connection: sqlite3.Connection, row: dict) -> int:
    placeholders = ", ".join(f":{c}" for c in REQUEST_COLUMNS)
    row = with_sort_keys(row)
    cursor = connection.execute(
        f"INSERT INTO requests ({', '.join(REQUEST_COLUMNS)}) VALUES ({placeholders})",
        {c: row.get(c) for c in REQUEST_COLUMNS},
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def request_for_structure(
    connection: sqlite3.Connection, number: str, structure_id: int
) -> sqlite3.Row | None:
    """A request of this structure, never a cancelled one nor another structure's.

    Another structure's request and a number that does not exist answer the same, so that
    numbers cannot be enumerated.
    """
    return connection.execute(
        "SELECT * FROM requests WHERE number = ? AND structure_id = ? AND status != ?",
        (number, structure_id, CANCELLED),
    ).fetchone()


def request_for_organisme(
    connection: sqlite3.Connection, number: str, organisme_code: str
) -> sqlite3.Row | None:
    return connection.execute(
        "SELECT * FROM requests WHERE number = ? AND organisme_code = ? AND status != ?",
        (number, organisme_code, CANCELLED),
    ).fetchone()


def last_second_of_window(start: int, days: int) -> int:
    """The last second of « ``days`` days after ``start`` » as the portal counts them: whole
    days of the French calendar, the last one counted to its end (resolved on the 1st at
    10h, the 15 days run to the 16th at 23h59m59s, Paris time, summer time or not)."""
    return window_end(start, days)[1]


def window_end(start: int, days: int) -> tuple[date, int]:
    """The window's last French day and its last second (:func:`last_second_of_window`)."""
    last_day = date_of(start) + timedelta(days=days)
    return last_day, paris_day_bounds(last_day)[1] - 1


def close_expired_exchanges(connection: sqlite3.Connection, now: int) -> None:
    """15 days after resolution the exchange closes by itself (guide 001 §5), at the end of
    the 15th day, Paris time (``last_second_of_window``).

    A question still waiting for the organisme's answer (« Message envoyé ») stays open until
    it is answered; then it closes at once.  Indexed by ``(status, resolved_at)``: resolved
    before the start of the day 15 days ago is past the window.
    """
    cutoff = paris_day_bounds(date_of(now) - timedelta(days=EXCHANGE_DAYS))[0]
    expired = connection.execute(
        "SELECT id, resolved_at FROM requests WHERE status IN (?, ?) AND resolved_at < ?",
        (Status.RESOLU, Status.MESSAGE_RECU, cutoff),
    ).fetchall()
    connection.executemany(
        "UPDATE requests SET status = ?, status_at = MAX(status_at, ?) WHERE id = ?",
        [(Status.CLOTURE, last_second_of_window(row[1], EXCHANGE_DAYS) + 1, row[0])
         for row in expired],
    )  # fmt: skip


def purge_unattached_uploads(connection: sqlite3.Connection, now: int) -> None:
    """Files uploaded but never attached are personal data with no purpose after a day."""
    connection.execute(
        "DELETE FROM attachments WHERE request_id IS NULL AND uploaded_at < ?", (now - DAY,)
    )


def answers_of(row: sqlite3.Row) -> list[dict]:
    return json.loads(row["answers_json"])


@functools.cache
def paris_day_bounds(day: date) -> tuple[int, int]:
    """[start, end) of a French calendar day as timestamps. Cached (a few bytes a day, a few
    thousand days at most): the work list asks it for each of up to thousands of rows."""
    start = datetime.combine(day, time(), PARIS)
    end = datetime.combine(day + timedelta(days=1), time(), PARIS)
    return int(start.timestamp()), int(end.timestamp())
