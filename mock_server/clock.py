"""The server's clock: real time by default; frozen, set or advanced by the test controls, so
that tests can cross the 15- and 30-day limits without waiting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._frozen_at = frozen_at.astimezone(UTC) if frozen_at else None
        self._offset = timedelta()

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def now(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        return datetime.now(UTC) + self._offset

    def timestamp(self) -> int:
        return int(self.now().timestamp())

    def today(self) -> date:
        """Today in France: dates of birth, conventions and deadlines are French dates."""
        return self.now().astimezone(PARIS).date()

    def set(self, instant: datetime) -> None:
        if instant.tzinfo is None:
            raise ValueError("the instant must carry its time zone")
        self._frozen_at = instant.astimezone(UTC)

    def advance(self, seconds: float) -> None:
        if self._frozen_at is not None:
            self._frozen_at += timedelta(seconds=seconds)
        else:
            self._offset += timedelta(seconds=seconds)


def from_timestamp(seconds: int | None) -> datetime | None:
    """A stored time as an aware datetime in Paris time (what the API answers)."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, PARIS)


def at(seconds: int) -> datetime:
    result = from_timestamp(seconds)
    assert result is not None
    return result


def date_of(seconds: int) -> date:
    return at(seconds).date()
