"""The history's current filtered view as CSV, for a French spreadsheet: UTF-8 with a BOM (so
that accents survive a double-click in Excel), « ; » between columns (« , » is the decimal
separator in French), dates as « 02/02/2022 16:26 » (read as dates)."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ep_contract.domain.dates import paris
from ep_tui.downloads import open_new_file

if TYPE_CHECKING:  # the command line exports without pydantic (ep_tui.cli.plain)
    from ep_contract.queries import HistoryQuery
    from ep_contract.wire import RequestSummary
    from ep_tui.api_client.client import EPClient

COLUMNS = (
    "Numéro de demande",
    "Offre de service",
    "Motif",
    "Personne concernée",
    "Demandeur",
    "Date de dépôt",
    "Statut",
    "Date statut",
)
PAGE_SIZE = 100  # the largest page the server gives


def _date(moment: datetime) -> str:
    return f"{paris(moment):%d/%m/%Y %H:%M}"


def cell_text(text: str | None) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet: a name typed as
    # « =HYPERLINK(…) » must stay text (CSV injection).
    text = text or ""
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def row(item: RequestSummary) -> list[str]:
    return [
        item.number,
        cell_text(item.service_title),
        cell_text(item.motif),
        cell_text(item.person),
        cell_text(item.requester),
        _date(item.filed_at),
        str(item.status),
        _date(item.status_at),
    ]


def to_csv(items: Iterable[RequestSummary], *, header: bool = True) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    if header:
        writer.writerow(COLUMNS)
    writer.writerows(row(item) for item in items)
    return buffer.getvalue()


Progress = Callable[[int, int], Awaitable[None] | None]


async def export_history(
    client: EPClient,
    organisme_code: str,
    query: HistoryQuery,
    folder: Path,
    name: str,
    progress: Progress | None = None,
) -> tuple[Path, int]:
    """Every page of the filtered, sorted view into a new file; returns it and the number of
    requests written. A failure removes the partial file."""
    path, handle = open_new_file(folder, name)
    written = 0
    seen: set[str] = set()
    try:
        with handle:
            handle.write("\ufeff".encode())
            page_query = query.replace(page=1, page_size=PAGE_SIZE)
            handle.write(to_csv([]).encode())
            while True:
                page = await client.history(organisme_code, page_query)
                # A request filed meanwhile shifts the pages by one: never write one twice.
                fresh = [item for item in page.items if item.number not in seen]
                seen.update(item.number for item in fresh)
                handle.write(to_csv(fresh, header=False).encode())
                written += len(fresh)
                if progress is not None:
                    result = progress(written, page.total)
                    if result is not None:
                        await result
                if page_query.page >= page.pages or not page.items:
                    break
                page_query = page_query.replace(page=page_query.page + 1)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, written
