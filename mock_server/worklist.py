"""« À traiter »: the items that need a technician, across the structure's listed organismes
(issue 17; the rules and words are ep_contract.domain.worklist's).

Each kind is one query on an index that reaches only the rows near their deadline or past
their threshold — never the whole history (bench: 100,000 requests over 7 organismes).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from pydantic import TypeAdapter

from ep_contract.domain.convention import ConventionState
from ep_contract.domain.statuses import DOWNLOAD_DAYS, EXCHANGE_DAYS, Status
from ep_contract.domain.worklist import URGENCY_OF, ItemKind, Urgency
from ep_contract.wire import AlertSettings, WorkScope
from mock_server import repository
from mock_server.clock import at, date_of
from mock_server.repository import Technician, paris_day_bounds, window_end

DAY = 86_400
_ITEM_COLUMNS = (
    "r.number, r.organisme_code, r.service_title, r.motif, r.person, r.requester, r.status"
)
"""The columns every item shows, first in each kind's query; the kind's own follow."""
_SHOWN = len(_ITEM_COLUMNS.split(","))
_JSON = TypeAdapter(Any)


def alert_settings(connection: sqlite3.Connection, structure_id: int) -> AlertSettings:
    row = connection.execute(
        "SELECT json FROM alert_settings WHERE structure_id = ?", (structure_id,)
    ).fetchone()
    return AlertSettings.model_validate_json(row[0]) if row else AlertSettings()


def save_alert_settings(
    connection: sqlite3.Connection, structure_id: int, settings: AlertSettings
) -> None:
    connection.execute(
        "INSERT INTO alert_settings (structure_id, json) VALUES (?, ?)"
        " ON CONFLICT (structure_id) DO UPDATE SET json = excluded.json",
        (structure_id, json.dumps(settings.model_dump(mode="json"))),
    )


def mark_read(
    connection: sqlite3.Connection, technician_id: int, request_id: int, now: int
) -> None:
    """The technician opened the request: its answers so far are read, by them only."""
    connection.execute(
        "INSERT INTO request_reads (technician_id, request_id, read_at) VALUES (?, ?, ?)"
        " ON CONFLICT (technician_id, request_id) DO UPDATE SET read_at = excluded.read_at",
        (technician_id, request_id, now),
    )


class Scope:
    """The WHERE clause every kind shares: this structure, its listed organismes, and the
    technician's own requests when the scope is « mine »; the statistics add the period's
    filing times [first, last)."""

    def __init__(
        self,
        technician: Technician,
        organismes: Iterable[str],
        scope: WorkScope,
        filed: tuple[int, int] | None = None,
    ):
        codes = list(organismes)
        self.sql = f"r.structure_id = ? AND r.organisme_code IN ({', '.join('?' * len(codes))})"
        self.params: tuple = (technician.structure_id, *codes)
        if scope == "mine":
            self.sql += " AND r.technician_id = ?"
            self.params += (technician.id,)
        if filed is not None:
            self.sql += " AND r.filed_at >= ? AND r.filed_at < ?"
            self.params += filed


def work_list(
    connection: sqlite3.Connection,
    technician: Technician,
    scope: WorkScope,
    now: int,
    today: date,
) -> bytes:
    """The work list as the JSON of a :class:`~ep_contract.wire.WorkList`.

    Built from plain rows and dumped without a model per item: a structure's list can hold
    well over a thousand items, and validating each would cost most of the answer's time
    (bench). The API tests read every answer through ``WorkList``.
    """
    settings = alert_settings(connection, technician.structure_id)
    names = {
        row.organisme_code: row.organisme_name
        for row in repository.conventions_of(connection, technician.structure_id, today)
        if row.state != ConventionState.EXPIRED
    }
    items: list[dict[str, Any]] = []
    if names:
        where = Scope(technician, names, scope)
        items += _answers(connection, where, technician.id, names, today)
        items += _windows_closing(connection, where, names, settings, now, today)
        items += _files_expiring(connection, where, names, settings, now, today)
        items += waiting(connection, where, names, settings, today)
    items.sort(key=_urgency_order)
    return _JSON.dump_json(
        {"items": items, "scope": scope, "settings": settings.model_dump(mode="json")}
    )


def _urgency_order(item: dict[str, Any]) -> tuple:
    urgency = URGENCY_OF[item["kind"]]
    if urgency == Urgency.DEADLINE:
        return (0, item["deadline"], item["number"])
    if urgency == Urgency.ANSWER:
        return (1, item["due_at"], item["number"])  # the oldest unread first
    return (2, -item["days"], item["number"])  # the longest wait first


def _rows(connection: sqlite3.Connection, sql: str, params: tuple) -> list[tuple]:
    """Plain tuples: a named row per item costs more than the rest of the item."""
    cursor = connection.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()


def _item(
    row: tuple,
    names: dict[str, str],
    kind: ItemKind,
    *,
    due_at: int,
    deadline: int | None,
    days: int,
    count: int = 0,
) -> dict[str, Any]:
    """A :class:`~ep_contract.wire.WorkItem`'s fields, from a row led by ``_ITEM_COLUMNS``."""
    number, code, service_title, motif, person, requester, status = row[:_SHOWN]
    return {
        "kind": kind,
        "number": number,
        "organisme_code": code,
        "organisme_name": names[code],
        "service_title": service_title,
        "motif": motif,
        "person": person,
        "requester": requester,
        "status": status,
        "due_at": at(due_at),
        "deadline": None if deadline is None else at(deadline),
        "days": days,
        "count": count,
    }


def _answers(
    connection: sqlite3.Connection,
    where: Scope,
    technician_id: int,
    names: dict[str, str],
    today: date,
) -> list[dict[str, Any]]:
    rows = _rows(
        connection,
        f"SELECT {_ITEM_COLUMNS}, r.status_at, r.resolved_at FROM requests r"
        f" WHERE {where.sql} AND r.status IN (?, ?)"
        " AND NOT EXISTS (SELECT 1 FROM request_reads rr WHERE rr.technician_id = ?"
        " AND rr.request_id = r.id AND rr.read_at >= r.status_at)",
        (*where.params, Status.RESOLU, Status.MESSAGE_RECU, technician_id),
    )
    items = []
    for row in rows:
        status_at, resolved_at = row[_SHOWN:]
        last_day, closes = window_end(resolved_at, EXCHANGE_DAYS)
        items.append(_item(row, names, ItemKind.ANSWER, due_at=status_at, deadline=closes,
                           days=(last_day - today).days))  # fmt: skip
    return items


def _started_between(today: date, days: int, notice: int) -> tuple[int, int]:
    """[first, last) of the starts whose ``days``-day window is still open today and ends
    within ``notice`` days: it runs to the end of the ``days``-th day after the start's."""
    first = paris_day_bounds(today - timedelta(days=days))[0]
    last = paris_day_bounds(today - timedelta(days=days - notice))[1]
    return first, last


def _ending_soon(
    rows: list[tuple],
    names: dict[str, str],
    kind: ItemKind,
    days: int,
    settings: AlertSettings,
    now: int,
    today: date,
) -> list[dict[str, Any]]:
    """The rows whose window (``days`` days from the row's start, after ``_ITEM_COLUMNS``;
    then the count of files) is still open and ends within the notice, as items of ``kind``."""
    items = []
    for row in rows:
        started, count = row[_SHOWN], row[_SHOWN + 1]
        last_day, ends = window_end(started, days)
        left = (last_day - today).days
        if ends >= now and left <= settings.notice_days:
            items.append(_item(row, names, kind, days=left, deadline=ends, count=count,
                               due_at=ends - settings.notice_days * DAY))  # fmt: skip
    return items


def _windows_closing(
    connection: sqlite3.Connection,
    where: Scope,
    names: dict[str, str],
    settings: AlertSettings,
    now: int,
    today: date,
) -> list[dict[str, Any]]:
    first, last = _started_between(today, EXCHANGE_DAYS, settings.notice_days)
    rows = _rows(
        connection,
        f"SELECT {_ITEM_COLUMNS}, r.resolved_at, 0 FROM requests r"
        f" WHERE {where.sql} AND r.status IN (?, ?, ?)"
        " AND r.resolved_at >= ? AND r.resolved_at < ?",
        (*where.params, Status.RESOLU, Status.MESSAGE_ENVOYE, Status.MESSAGE_RECU, first, last),
    )
    return _ending_soon(rows, names, ItemKind.WINDOW_CLOSING, EXCHANGE_DAYS,
                        settings, now, today)  # fmt: skip


def _files_expiring(
    connection: sqlite3.Connection,
    where: Scope,
    names: dict[str, str],
    settings: AlertSettings,
    now: int,
    today: date,
) -> list[dict[str, Any]]:
    first, last = _started_between(today, DOWNLOAD_DAYS, settings.notice_days)
    rows = _rows(
        connection,
        f"SELECT {_ITEM_COLUMNS}, MIN(a.attached_at), COUNT(*)"
        " FROM attachments a JOIN requests r ON r.id = a.request_id"
        " WHERE a.direction = 'received' AND a.downloaded_at IS NULL"
        f" AND a.attached_at >= ? AND a.attached_at < ? AND {where.sql}"
        " GROUP BY r.id",
        (first, last, *where.params),
    )
    return _ending_soon(rows, names, ItemKind.FILES_EXPIRING, DOWNLOAD_DAYS,
                        settings, now, today)  # fmt: skip


def waiting(
    connection: sqlite3.Connection,
    where: Scope,
    names: dict[str, str],
    settings: AlertSettings,
    today: date,
) -> list[dict[str, Any]]:
    """The requests « Nouveau » or « Pris en charge » beyond their threshold today: the work
    list's waits, and the statistics' alerts (one definition)."""
    by_motif = {item.motif: item.days for item in settings.motifs}
    # The shortest threshold that can apply: rows filed since then cannot be late yet.
    shortest = min([settings.nouveau_days, settings.pris_en_charge_days, *by_motif.values()])
    filed_before = paris_day_bounds(today - timedelta(days=shortest))[0]
    rows = _rows(
        connection,
        f"SELECT {_ITEM_COLUMNS}, r.filed_at, r.taken_at FROM requests r"
        f" WHERE {where.sql} AND r.status IN (?, ?) AND r.filed_at < ?",
        (*where.params, Status.NOUVEAU, Status.PRIS_EN_CHARGE, filed_before),
    )
    items = []
    for row in rows:
        _, _, _, motif, _, _, status, filed_at, taken_at = row
        new = status == Status.NOUVEAU
        if motif in by_motif:  # the convention's threshold for this motif, from filing
            threshold, since = by_motif[motif], filed_at
        elif new:
            threshold, since = settings.nouveau_days, filed_at
        else:
            threshold, since = settings.pris_en_charge_days, taken_at or filed_at
        waited = (today - date_of(since)).days
        if waited > threshold:
            late_from = paris_day_bounds(date_of(since) + timedelta(days=threshold + 1))[0]
            kind = ItemKind.WAITING_NEW if new else ItemKind.WAITING_TAKEN
            items.append(_item(row, names, kind, days=waited, deadline=None, due_at=late_from))
    return items
