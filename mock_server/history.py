"""The history query: the 8 filters of SPEC §8, sort by any column, pages — done in SQL so
that only one page ever leaves the store."""

from __future__ import annotations

import json
import math
import sqlite3
from dataclasses import dataclass
from datetime import date

from ep_contract.domain.text import FORBIDDEN_MESSAGE, forbidden_characters
from ep_contract.queries import HistoryQuery
from ep_contract.wire import PAGE_SIZES, HistoryPage
from mock_server.problems import field_errors
from mock_server.repository import CANCELLED, paris_day_bounds
from mock_server.text import NAME_KEY_SEPARATOR, name_key, person_search_key, search_key
from mock_server.views import SUMMARY_COLUMNS, summary

SORT_COLUMNS: dict[str, str] = {
    "number": "number",
    "service": "service_sort",
    "motif": "motif_sort",
    "person": "person_key",
    "requester": "requester_key",
    "filed_at": "filed_at",
    "status": "status_rank",
    "status_at": "status_at",
}


# The dates a filter may hold: a request is filed today at the latest, and none before the
# portal existed; beyond, a day's bounds overflow (9999-12-31 has no next day).
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2100, 12, 31)

# Above this many rows matching a name in the whole store, reading each of them by rowid
# costs more than one scan of the history's covering index.
NAME_LOOKUP_LIMIT = 4000


def name_scope(structure_id: int, organisme_code: str) -> str:
    """The scope's word in the name index (mock_server.db.NAME_SCOPE_SQL)."""
    return f"s{structure_id}o{organisme_code}e"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _few_names(
    connection: sqlite3.Connection, scope: str, column: str, key: str
) -> list[int] | None:
    """The rows of one history (``scope``) whose ``column`` holds ``key``, found by the
    trigram index when it can serve it and they are few; None when the scan is the better
    (or only) way. The index is asked for the scope and the name together: it never gives
    another structure's rows, nor spends time on them."""
    if (
        len(key) < 3
        or not connection.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'request_names'"
        ).fetchone()
    ):
        return None
    rowids = [
        row[0]
        for row in connection.execute(
            "SELECT rowid FROM request_names WHERE request_names MATCH ? LIMIT ?",
            (
                f"name_scope : {_quoted(scope)} AND {column} : {_quoted(key)}",
                NAME_LOOKUP_LIMIT + 1,
            ),  # fmt: skip
        )
    ]
    return rowids if len(rowids) <= NAME_LOOKUP_LIMIT else None


@dataclass(slots=True)
class _Where:
    sql: str
    params: list
    filtered: bool
    """Whether any filter was added to the structure and organisme's scope."""
    by_rowid: bool
    """Whether a name was found in the trigram index: the rows are then read by rowid."""


def _refusals(f: HistoryQuery) -> dict[str, str]:
    """Filters no query may run with: a control or invisible character (a NUL broke the
    name index's query), a date out of range (a day's bounds overflowed)."""
    errors = {}
    for name in ("personne", "demandeur", "service", "motif", "nom", "prenom"):
        if forbidden_characters(getattr(f, name) or ""):
            errors[name] = FORBIDDEN_MESSAGE
    if bool(f.nom) != bool(f.prenom):
        errors["nom" if not f.nom else "prenom"] = "Le nom et le prénom vont ensemble."
    for name in ("depot_debut", "depot_fin"):
        day = getattr(f, name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            errors[name] = f"Date entre le {FIRST_DAY:%d/%m/%Y} et le {LAST_DAY:%d/%m/%Y}."
    return errors


def _where(
    connection: sqlite3.Connection, structure_id: int, organisme_code: str, f: HistoryQuery
) -> _Where:
    clauses = ["structure_id = ?", "organisme_code = ?", "status != ?"]
    scope_clauses = len(clauses)
    params: list = [structure_id, organisme_code, CANCELLED]
    if errors := _refusals(f):
        raise field_errors(errors, "Certains filtres sont invalides.")
    if f.numero:
        digits = f.numero.strip()
        if not digits.isdigit() or len(digits) > 10:
            errors["numero"] = "Le numéro de demande ne contient que des chiffres (10 au plus)."
        else:
            # A prefix of the number, as a range so that the index serves it.
            clauses.append("number >= ? AND number < ?")
            params += [digits, digits[:-1] + chr(ord(digits[-1]) + 1)]
    # Keys are already upper case without accents: a plain substring test, no LIKE folding
    # and no wildcard to escape (« % » is searched for literally).
    by_rowid = False
    for column, text, keyed in (("person_key", f.personne, person_search_key),
                                ("requester_key", f.demandeur, search_key)):  # fmt: skip
        key = keyed(text or "")
        if not key:
            continue
        if NAME_KEY_SEPARATOR in key:
            # No name holds it; the stored key does, between its two orders.
            clauses.append("0")
            continue
        # The exact test stays even when the index narrows the rows first, so that both
        # ways give the same answer.
        clauses.append(f"instr({column}, ?) > 0")
        params.append(key)
        scope = name_scope(structure_id, organisme_code)
        if (rowids := _few_names(connection, scope, column, key)) is not None:
            # Found once here, then read by the count and the page alike.
            clauses.append("id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(rowids))
            by_rowid = True
    if f.nom and f.prenom:  # one person: the stored key, both orders, equal (indexed)
        clauses.append("person_key = ?")
        params.append(name_key(f.nom, f.prenom))
    if f.naissance:
        clauses.append("birth_date = ?")
        params.append(f.naissance.isoformat())
    if f.statut:
        clauses.append("status = ?")
        params.append(str(f.statut))
    if f.depot_debut and f.depot_fin and f.depot_debut > f.depot_fin:
        errors["depot_fin"] = "La date de fin de dépôt précède la date de début."
    if f.depot_debut:
        clauses.append("filed_at >= ?")
        params.append(paris_day_bounds(f.depot_debut)[0])
    if f.depot_fin:
        clauses.append("filed_at < ?")
        params.append(paris_day_bounds(f.depot_fin)[1])
    if f.service:
        clauses.append("service_code = ?")
        params.append(f.service)
    if f.motif:
        clauses.append("motif = ?")
        params.append(f.motif)
    if errors:
        raise field_errors(errors, "Certains filtres sont invalides.")
    return _Where(" AND ".join(clauses), params, len(clauses) > scope_clauses, by_rowid)


def _status_and_dates_only(f: HistoryQuery) -> bool:
    return bool(f.statut) and not (
        f.numero or f.personne or f.demandeur or f.service or f.motif or f.nom or f.naissance
    )


def history(
    connection: sqlite3.Connection,
    structure_id: int,
    organisme_code: str,
    query: HistoryQuery,
) -> HistoryPage:
    """One page of the history, asked with the client's own query type (filters, sort, page)."""
    sort, order, page, page_size = query.sort, query.order, query.page, query.page_size
    if page_size not in PAGE_SIZES:
        raise field_errors({"page_size": f"Taille de page : {', '.join(map(str, PAGE_SIZES))}."})
    if page < 1:
        raise field_errors({"page": "La première page est la page 1."})
    found = _where(connection, structure_id, organisme_code, query)
    where, params, filtered = found.sql, found.params, found.filtered
    direction = "ASC" if order == "asc" else "DESC"
    column = SORT_COLUMNS[sort]
    # Ties broken by filing date then id, in the same direction, so that the order is stable
    # from page to page.
    keys = [column] if column in {"filed_at", "number"} else [column, "filed_at"]
    keys.append("id")
    # A filtered query scans the covering index, whose cost is known (see mock_server.db);
    # the exceptions find their few rows at once: a number prefix by its own index, a name
    # by the trigram index (then the rows by rowid), a status by its index, which also
    # holds the default order.
    source = "requests"
    natural_order = not filtered
    if found.by_rowid:
        source = "requests NOT INDEXED"
    elif query.numero:
        pass
    elif filtered and _status_and_dates_only(query) and column == "filed_at":
        source = "requests INDEXED BY requests_by_status"
        natural_order = True
    elif filtered:
        source = "requests INDEXED BY requests_history_sorted"
    (total,) = connection.execute(f"SELECT COUNT(*) FROM {source} WHERE {where}", params).fetchone()
    if not natural_order:
        # « +column » keeps SQLite from walking the sort's index and looking up every row to
        # test the query: it scans the covering index instead and keeps the top N.
        order_by = ", ".join(f"+{key} {direction}" for key in keys)
    else:
        order_by = ", ".join(f"{key} {direction}" for key in keys)
    ids = [
        row[0]
        for row in connection.execute(
            f"SELECT id FROM {source} WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
            [*params, page_size, (page - 1) * page_size],
        )
    ]
    by_id = {
        row["id"]: row
        for row in connection.execute(
            f"SELECT id, {SUMMARY_COLUMNS} FROM requests WHERE id IN ({', '.join('?' * len(ids))})",
            ids,
        )
    }
    rows = [by_id[request_id] for request_id in ids]
    return HistoryPage(
        items=[summary(row) for row in rows],
        total=total,
        page=page,
        page_size=page_size,
        pages=max(1, math.ceil(total / page_size)),
        sort=sort,
        order=order,
    )
