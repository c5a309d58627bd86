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
from mock_server.text import like_pattern
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


def _where(structure_id: int, organisme_code: str, f: HistoryFilters) -> tuple[str, list]:
    clauses = ["structure_id = ?", "organisme_code = ?", "status != ?"]
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
    if f.personne and f.personne.strip():
        clauses.append("person_key LIKE ? ESCAPE '\\'")
        params.append(like_pattern(f.personne))
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
    if f.demandeur and f.demandeur.strip():
        clauses.append("requester_key LIKE ? ESCAPE '\\'")
        params.append(like_pattern(f.demandeur))
    if f.service:
        clauses.append("service_code = ?")
        params.append(f.service)
    if f.motif:
        clauses.append("motif = ?")
        params.append(f.motif)
    if errors:
        raise field_errors(errors, "Certains filtres sont invalides.")
    return " AND ".join(clauses), params


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
    where, params = _where(structure_id, organisme_code, filters)
    direction = "ASC" if order == "asc" else "DESC"
    column = SORT_COLUMNS[sort]
    # Ties broken by filing date then id, in the same direction, so that SQLite can walk one
    # index and the order is stable from page to page.
    tie = "" if column in {"filed_at", "number"} else f", filed_at {direction}"
    (total,) = connection.execute(f"SELECT COUNT(*) FROM requests WHERE {where}", params).fetchone()
    rows = connection.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM requests WHERE {where}"
        f" ORDER BY {column} {direction}{tie}, id {direction} LIMIT ? OFFSET ?",
        [*params, page_size, (page - 1) * page_size],
    ).fetchall()
    return HistoryPage(
        items=[summary(row) for row in rows],
        total=total,
        page=page,
        page_size=page_size,
        pages=max(1, math.ceil(total / page_size)),
        sort=sort,
        order=order,
    )
