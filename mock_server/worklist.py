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

from ep_contract.domain.convention import ConventionState
from ep_contract.domain.statuses import DOWNLOAD_DAYS, EXCHANGE_DAYS, Status
from ep_contract.domain.worklist import URGENCY_OF, ItemKind, Urgency
from ep_contract.wire import AlertSettings, WorkItem, WorkList, WorkScope
from mock_server import repository
from mock_server.clock import at, date_of
from mock_server.repository import Technician, paris_day_bounds, window_end

DAY = 86_400
_COLUMNS = (
    "r.id, r.number, r.organisme_code, r.service_title, r.motif, r.person, r.requester,"
    " r.status, r.status_at, r.filed_at, r.taken_at, r.resolved_at"
)


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


class _Scope:
    """The WHERE clause every kind shares: this structure, its listed organismes, and the
    technician's own requests when the scope is « mine »."""

    def __init__(self, technician: Technician, organismes: Iterable[str], scope: WorkScope):
        codes = list(organismes)
        self.sql = f"r.structure_id = ? AND r.organisme_code IN ({', '.join('?' * len(codes))})" + (
            " AND r.technician_id = ?" if scope == "mine" else ""
        )
        self.params: tuple = (technician.structure_id, *codes) + (
            (technician.id,) if scope == "mine" else ()
        )


def work_list(
    connection: sqlite3.Connection,
    technician: Technician,
    scope: WorkScope,
    now: int,
    today: date,
) -> WorkList:
    settings = alert_settings(connection, technician.structure_id)
    names = {
        row.organisme_code: row.organisme_name
        for row in repository.conventions_of(connection, technician.structure_id, today)
        if row.state != ConventionState.EXPIRED
    }
    items: list[WorkItem] = []
    if names:
        where = _Scope(technician, names, scope)
        items += _answers(connection, where, technician.id, names, today)
        items += _windows_closing(connection, where, names, settings, now, today)
        items += _files_expiring(connection, where, names, settings, now, today)
        items += _waiting(connection, where, names, settings, today)
    return WorkList(items=sorted(items, key=_urgency_order), scope=scope, settings=settings)


def _urgency_order(item: WorkItem) -> tuple:
    urgency = URGENCY_OF[item.kind]
    if urgency == Urgency.DEADLINE:
        return (0, item.deadline, item.number)
    if urgency == Urgency.ANSWER:
        return (1, item.due_at, item.number)  # the oldest unread first
    return (2, -item.days, item.number)  # the longest wait first


def _item(row: sqlite3.Row, names: dict[str, str], kind: ItemKind, **fields: object) -> WorkItem:
    return WorkItem(
        kind=kind,
        number=row["number"],
        organisme_code=row["organisme_code"],
        organisme_name=names[row["organisme_code"]],
        service_title=row["service_title"],
        motif=row["motif"],
        person=row["person"],
        requester=row["requester"],
        status=Status(row["status"]),
        **fields,  # type: ignore[arg-type]
    )


def _answers(
    connection: sqlite3.Connection,
    where: _Scope,
    technician_id: int,
    names: dict[str, str],
    today: date,
) -> list[WorkItem]:
    rows = connection.execute(
        f"SELECT {_COLUMNS} FROM requests r WHERE {where.sql} AND r.status IN (?, ?)"
        " AND NOT EXISTS (SELECT 1 FROM request_reads rr WHERE rr.technician_id = ?"
        " AND rr.request_id = r.id AND rr.read_at >= r.status_at)",
        (*where.params, Status.RESOLU, Status.MESSAGE_RECU, technician_id),
    ).fetchall()
    items = []
    for row in rows:
        last_day, closes = window_end(row["resolved_at"], EXCHANGE_DAYS)
        items.append(
            _item(
                row,
                names,
                ItemKind.ANSWER,
                due_at=at(row["status_at"]),
                deadline=at(closes),
                days=(last_day - today).days,
            )  # fmt: skip
        )
    return items


def _started_between(today: date, days: int, notice: int) -> tuple[int, int]:
    """[first, last) of the starts whose ``days``-day window is still open today and ends
    within ``notice`` days: it runs to the end of the ``days``-th day after the start's."""
    first = paris_day_bounds(today - timedelta(days=days))[0]
    last = paris_day_bounds(today - timedelta(days=days - notice))[1]
    return first, last


def _ending_soon(
    rows: list[sqlite3.Row],
    names: dict[str, str],
    kind: ItemKind,
    started: str,
    days: int,
    settings: AlertSettings,
    now: int,
    today: date,
) -> list[WorkItem]:
    """The rows whose window (``days`` days from their ``started`` column) is still open and
    ends within the notice, as items of ``kind``."""
    items = []
    for row in rows:
        last_day, ends = window_end(row[started], days)
        left = (last_day - today).days
        if ends >= now and left <= settings.notice_days:
            count = row["files"] if kind == ItemKind.FILES_EXPIRING else 0
            items.append(_item(row, names, kind, days=left, deadline=at(ends), count=count,
                               due_at=at(ends - settings.notice_days * DAY)))  # fmt: skip
    return items


def _windows_closing(
    connection: sqlite3.Connection,
    where: _Scope,
    names: dict[str, str],
    settings: AlertSettings,
    now: int,
    today: date,
) -> list[WorkItem]:
    first, last = _started_between(today, EXCHANGE_DAYS, settings.notice_days)
    rows = connection.execute(
        f"SELECT {_COLUMNS} FROM requests r WHERE {where.sql} AND r.status IN (?, ?, ?)"
        " AND r.resolved_at >= ? AND r.resolved_at < ?",
        (*where.params, Status.RESOLU, Status.MESSAGE_ENVOYE, Status.MESSAGE_RECU, first, last),
    ).fetchall()
    return _ending_soon(rows, names, ItemKind.WINDOW_CLOSING, "resolved_at", EXCHANGE_DAYS,
                        settings, now, today)  # fmt: skip


def _files_expiring(
    connection: sqlite3.Connection,
    where: _Scope,
    names: dict[str, str],
    settings: AlertSettings,
    now: int,
    today: date,
) -> list[WorkItem]:
    first, last = _started_between(today, DOWNLOAD_DAYS, settings.notice_days)
    rows = connection.execute(
        f"SELECT {_COLUMNS}, COUNT(*) AS files, MIN(a.attached_at) AS first_attached"
        " FROM attachments a JOIN requests r ON r.id = a.request_id"
        " WHERE a.direction = 'received' AND a.downloaded_at IS NULL"
        f" AND a.attached_at >= ? AND a.attached_at < ? AND {where.sql}"
        " GROUP BY r.id",
        (first, last, *where.params),
    ).fetchall()
    return _ending_soon(rows, names, ItemKind.FILES_EXPIRING, "first_attached", DOWNLOAD_DAYS,
                        settings, now, today)  # fmt: skip


def _waiting(
    connection: sqlite3.Connection,
    where: _Scope,
    names: dict[str, str],
    settings: AlertSettings,
    today: date,
) -> list[WorkItem]:
    by_motif = {item.motif: item.days for item in settings.motifs}
    # The shortest threshold that can apply: rows filed since then cannot be late yet.
    shortest = min([settings.nouveau_days, settings.pris_en_charge_days, *by_motif.values()])
    filed_before = paris_day_bounds(today - timedelta(days=shortest))[0]
    rows = connection.execute(
        f"SELECT {_COLUMNS} FROM requests r WHERE {where.sql} AND r.status IN (?, ?)"
        " AND r.filed_at < ?",
        (*where.params, Status.NOUVEAU, Status.PRIS_EN_CHARGE, filed_before),
    ).fetchall()
    items = []
    for row in rows:
        new = row["status"] == Status.NOUVEAU
        if row["motif"] in by_motif:  # the convention's threshold for this motif, from filing
            threshold, since = by_motif[row["motif"]], row["filed_at"]
        elif new:
            threshold, since = settings.nouveau_days, row["filed_at"]
        else:
            threshold, since = settings.pris_en_charge_days, row["taken_at"] or row["filed_at"]
        waited = (today - date_of(since)).days
        if waited > threshold:
            late_from = paris_day_bounds(date_of(since) + timedelta(days=threshold + 1))[0]
            kind = ItemKind.WAITING_NEW if new else ItemKind.WAITING_TAKEN
            items.append(_item(row, names, kind, days=waited, deadline=None, due_at=at(late_from)))
    return items
