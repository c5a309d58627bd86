"""The period of « Pilotage du partenariat » (issue 18) and the catalogues' benefit split."""

from __future__ import annotations

from datetime import date

import pytest

from ep_contract.domain.statistics import (
    Benefit,
    Period,
    PeriodKind,
    add_years,
    months_of,
    resolve_period,
)
from mock_server.catalogues import ALL

TODAY = date(2026, 12, 2)


def test_a_year_and_a_quarter_default_to_the_current_ones() -> None:
    assert resolve_period(PeriodKind.YEAR, TODAY) == Period(
        PeriodKind.YEAR, date(2026, 1, 1), date(2026, 12, 31)
    )
    quarter = resolve_period(PeriodKind.QUARTER, TODAY)
    assert quarter == Period(PeriodKind.QUARTER, date(2026, 10, 1), date(2026, 12, 31))
    assert quarter.label == "4e trimestre 2026"
    first = resolve_period(PeriodKind.QUARTER, TODAY, year=2024, quarter=1)
    assert first == Period(PeriodKind.QUARTER, date(2024, 1, 1), date(2024, 3, 31))
    assert first.label == "1er trimestre 2024"


def test_twelve_months_end_today_and_start_the_day_after_a_year_before() -> None:
    period = resolve_period(PeriodKind.LAST_12_MONTHS, TODAY)
    assert period == Period(PeriodKind.LAST_12_MONTHS, date(2025, 12, 3), TODAY)
    assert period.label == "du 03/12/2025 au 02/12/2026"
    leap = resolve_period(PeriodKind.LAST_12_MONTHS, date(2028, 2, 29))
    assert isinstance(leap, Period) and leap.start == date(2027, 3, 1)


def test_add_years_keeps_the_day_or_falls_back_to_the_28th() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2026, 11, 15), date(2027, 2, 1), ["2026-11", "2026-12", "2027-01", "2027-02"]),
        (date(2026, 3, 31), date(2026, 3, 31), ["2026-03"]),
    ],
)
def test_months_of_lists_every_month_touched(start: date, end: date, months: list[str]) -> None:
    period = Period(PeriodKind.DATES, start, end)
    assert [f"{m:%Y-%m}" for m in months_of(period)] == months


def test_dates_are_checked_each_by_its_field() -> None:
    assert resolve_period(PeriodKind.DATES, TODAY) == {
        "debut": "Saisissez une date.",
        "fin": "Saisissez une date.",
    }
    assert resolve_period(PeriodKind.DATES, TODAY, start="2025-02-29", end="2025-03-01") == {
        "debut": "Saisissez une date qui existe, au format aaaa-mm-jj."
    }
    # Python's ISO parser takes « 20250301 » too: a person's field wants one writing.
    assert "fin" in resolve_period(PeriodKind.DATES, TODAY, start="2025-03-01", end="20250302")


@pytest.mark.parametrize("catalogue", ALL.values(), ids=lambda c: c.code)
def test_every_benefit_motif_is_a_motif_the_catalogue_offers(catalogue) -> None:
    offered = {
        choice
        for service in catalogue.services
        for field in service.fields
        if field.name == "motif"
        for choice in field.choices
    }
    assert catalogue.benefits and set(catalogue.benefits) <= offered
    if catalogue.code != "national-reduced":  # it offers no « Ouverture de droits »
        assert set(catalogue.benefits.values()) == {Benefit.PUMA, Benefit.C2S, Benefit.AME}
    assert catalogue.benefit_of(None) == Benefit.OTHER


def test_a_delay_range_has_its_words() -> None:
    from ep_contract.domain.statistics import DELAY_BOUNDS_DAYS, DELAY_BUCKETS

    assert len(DELAY_BUCKETS) == len(DELAY_BOUNDS_DAYS) + 1
    assert list(DELAY_BOUNDS_DAYS) == sorted(set(DELAY_BOUNDS_DAYS))
