"""The history query: the 8 filters of SPEC §8, sort by any column, pages — done in SQL so
that only one page ever leaves the store."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import date

from ep_tui.api_client.models import PAGE_SIZES, HistoryPage, SortKey, SortOrder
from ep_tui.domain.statuses import Status
from mock_server.problems import field_errors
from mock_server.repository import CANCELLED, paris_day_bounds
from mock_server.text import search_key
from mock_server.views import SUMMARY_COLUMNS, summary

SORT_COLUMNS: dict[str, str] = {
    "number": "number",
    "service": "service_title",
    "motif": "motif",
    "person": "person_key",
    "requester": "requester_key",
    "filed_at": "filed_at",
    "status": "status",
    "status_at": "status_at",
}


@dataclass(frozen=True, slots=True)
class HistoryFilters:
    numero: str | None = None
    personne: str | None = None
    statut: Status | None = None
    depot_debut: date | None = None
    depot_fin: date | None = None
    demandeur: str | None = None
    service: str | None = None
    motif: str | None = None


def _where(structure_id: int, organisme_code: str, f: HistoryFilters) -> tuple[str, list, bool]:
    """The WHERE clause, its parameters, and whether any filter was added to the scope."""
    clauses = ["structure_id = ?", "organisme_code = ?", "status != ?"]
    scope_clauses = len(clauses)
    params: list = [structure_id, organisme_code, CANCELLED]
    errors = {}
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
    if f.personne and search_key(f.personne):
        clauses.append("instr(person_key, ?) > 0")
        params.append(search_key(f.personne))
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
    if f.demandeur and search_key(f.demandeur):
        clauses.append("instr(requester_key, ?) > 0")
        params.append(search_key(f.demandeur))
    if f.service:
        clauses.append("service_code = ?")
        params.append(f.service)
    if f.motif:
        clauses.append("motif = ?")
        params.append(f.motif)
    if errors:
        raise field_errors(errors, "Certains filtres sont invalides.")
    return " AND ".join(clauses), params, len(clauses) > scope_clauses


def history(
    connection: sqlite3.Connection,
    structure_id: int,
    organisme_code: str,
    filters: HistoryFilters,
    sort: SortKey = "filed_at",
    order: SortOrder = "desc",
    page: int = 1,
    page_size: int = 20,
) -> HistoryPage:
    if page_size not in PAGE_SIZES:
        raise field_errors({"page_size": f"Taille de page : {', '.join(map(str, PAGE_SIZES))}."})
    if page < 1:
        raise field_errors({"page": "La première page est la page 1."})
    where, params, filtered = _where(structure_id, organisme_code, filters)
    direction = "ASC" if order == "asc" else "DESC"
    column = SORT_COLUMNS[sort]
    # Ties broken by filing date then id, in the same direction, so that the order is stable
    # from page to page.
    keys = [column] if column in {"filed_at", "number"} else [column, "filed_at"]
    keys.append("id")
    # A filtered query scans the covering index, whose cost is known (see mock_server.db);
    # a number prefix is the exception: its own index finds it at once.
    source = "requests"
    if filtered and not filters.numero:
        source = "requests INDEXED BY requests_history"
    (total,) = connection.execute(f"SELECT COUNT(*) FROM {source} WHERE {where}", params).fetchone()
    if filtered:
        # « +column » keeps SQLite from walking the sort's index and looking up every row to
        # test the filters: it scans the covering index instead and keeps the top N.
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
