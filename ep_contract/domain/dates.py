"""Dates as the portal writes them: « 02/02/2022 16h26min », in French (Paris) time whatever
the terminal's time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def paris_now() -> datetime:
    """Now, in Paris: the portal's dates are Paris dates whatever the machine's time zone."""
    return datetime.now(PARIS)


def paris_today() -> date:
    return paris_now().date()


def paris(moment: datetime) -> datetime:
    return moment.astimezone(PARIS) if moment.tzinfo else moment.replace(tzinfo=PARIS)


def format_stamp(moment: datetime) -> str:
    """« 02/02/2022 16h26min » (manual §VI)."""
    local = paris(moment)
    return f"{local:%d/%m/%Y} {local:%H}h{local:%M}min"


def format_day(day: date | datetime) -> str:
    """« 02/02/2022 »."""
    if isinstance(day, datetime):
        day = paris(day).date()
    return f"{day:%d/%m/%Y}"
