"""« Pilotage du partenariat » (issue 18): the figures the conventions' COPIL reviews, and the
period they are counted over.

Conventions 002 and 004 (article 5) have the structure and the fund review every year « le
volume de demandes », « leur répartition par prestation (PUMa, Complémentaire santé solidaire,
AME) », « le délai moyen de traitement », the referrals to the Mission accompagnement santé and
(002) to the social service; 004 §4.1 adds statistics shared every quarter.  The server counts,
the app and the command line say the figures with these words: one source for both.

How each figure is counted (said again in the README and the report):
- a request belongs to the period when it was **filed** in it (Paris days, both ends included);
- its delays run from its filing to its taking in charge (« Pris en charge ») and to its
  resolution (« Résolu »), in seconds; a request that has not reached the step yet is counted
  as « en cours » and never enters the mean, the median or the 90th percentile;
- a cancelled request counts in the volume filed and in the cancellations, nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Benefit(StrEnum):
    """The benefit families of the COPIL's split; a catalogue maps its motifs to them."""

    PUMA = "puma"
    C2S = "c2s"
    AME = "ame"
    OTHER = "autre"


BENEFIT_LABELS = {
    Benefit.PUMA: "PUMa",
    Benefit.C2S: "Complémentaire santé solidaire",
    Benefit.AME: "AME",
    Benefit.OTHER: "Autres demandes",
}


class PeriodKind(StrEnum):
    YEAR = "annee"
    QUARTER = "trimestre"
    LAST_12_MONTHS = "12mois"
    DATES = "dates"


MAX_YEARS = 5
"""The longest period asked at once (five COPILs)."""
EARLIEST_YEAR = 2000
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_MESSAGE = "Saisissez une date qui existe, au format aaaa-mm-jj."


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    start: date
    end: date
    """The last day, included."""

    @property
    def label(self) -> str:
        """« année 2026 », « 3e trimestre 2026 », « du 03/12/2025 au 02/12/2026 »."""
        if self.kind == PeriodKind.YEAR:
            return f"année {self.start.year}"
        if self.kind == PeriodKind.QUARTER:
            quarter = (self.start.month - 1) // 3 + 1
            return f"{quarter}{'er' if quarter == 1 else 'e'} trimestre {self.start.year}"
        return f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _parse_day(text: str | None, name: str, errors: dict[str, str]) -> date | None:
    if not text:
        errors[name] = "Saisissez une date."
        return None
    if not _ISO_DAY.fullmatch(text):
        errors[name] = DATE_MESSAGE
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = DATE_MESSAGE
        return None


def _year(value: int | None, today: date, errors: dict[str, str]) -> int:
    year = today.year if value is None else value
    if not EARLIEST_YEAR <= year <= today.year + 1:
        errors["annee"] = f"Saisissez une année entre {EARLIEST_YEAR} et {today.year + 1}."
    return year


def resolve_period(
    kind: PeriodKind,
    today: date,
    *,
    year: int | None = None,
    quarter: int | None = None,
    start: str | None = None,
    end: str | None = None,
) -> Period | dict[str, str]:
    """The period asked, or the message of each field that does not make one (French, by the
    query's parameter names: ``annee``, ``trimestre``, ``debut``, ``fin``).

    A year or a quarter defaults to the current one; « 12 mois » ends today and starts the
    day after the same day a year before; dates are ISO days, the end not before the start,
    at most :data:`MAX_YEARS` years together."""
    errors: dict[str, str] = {}
    if kind == PeriodKind.YEAR:
        chosen = _year(year, today, errors)
        if errors:
            return errors
        return Period(kind, date(chosen, 1, 1), date(chosen, 12, 31))
    if kind == PeriodKind.QUARTER:
        chosen = _year(year, today, errors)
        number = (today.month - 1) // 3 + 1 if quarter is None else quarter
        if not 1 <= number <= 4:
            errors["trimestre"] = "Un trimestre est un nombre de 1 à 4."
        if errors:
            return errors
        first = date(chosen, 3 * number - 2, 1)
        after = date(chosen + 1, 1, 1) if number == 4 else date(chosen, 3 * number + 1, 1)
        return Period(kind, first, after - timedelta(days=1))
    if kind == PeriodKind.LAST_12_MONTHS:
        return Period(kind, add_years(today, -1) + timedelta(days=1), today)
    first_day = _parse_day(start, "debut", errors)
    last_day = _parse_day(end, "fin", errors)
    for name, day in (("debut", first_day), ("fin", last_day)):
        if day is not None and not EARLIEST_YEAR <= day.year <= today.year + 1:
            errors[name] = f"Saisissez une date entre {EARLIEST_YEAR} et {today.year + 1}."
    if errors or first_day is None or last_day is None:
        return errors
    if last_day < first_day:
        return {"fin": "La date de fin est avant la date de début."}
    if last_day >= add_years(first_day, MAX_YEARS):
        return {"fin": f"Une période dure au plus {MAX_YEARS} ans."}
    return Period(kind, first_day, last_day)


def months_of(period: Period) -> list[date]:
    """The first day of every month the period touches, in order."""
    months = []
    month = period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


DAY_SECONDS = 86_400
DELAY_BOUNDS_DAYS = (2, 7, 15, 30)
"""The distribution of a delay: under 2 days, 2 to 7, 7 to 15, 15 to 30, 30 and more (the
Wattrelos convention's C2S alert is at 30 days)."""
DELAY_BUCKETS = ("moins de 2 j", "de 2 à 7 j", "de 7 à 15 j", "de 15 à 30 j", "30 j et plus")
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
          "nov.", "déc.")  # fmt: skip


def days_number(seconds: float) -> str:
    """A duration in days, French decimal: « 7,4 » (a spreadsheet's cell, or before « j »)."""
    return f"{seconds / DAY_SECONDS:.1f}".replace(".", ",")


def format_days(seconds: float | None) -> str:
    """« 7,4 j », « 0,3 j »; « — » when nothing was measured."""
    return "—" if seconds is None else days_number(seconds) + " j"


def month_label(first_day: date) -> str:
    """« janv. 2026 »."""
    return f"{MONTHS[first_day.month - 1]} {first_day.year}"


def percent(part: int, whole: int) -> str:
    """« 12 % » of the whole, rounded; « 0 % » of nothing."""
    return f"{round(100 * part / whole) if whole else 0} %"


METHOD = (
    "Une demande compte dans la période où elle a été déposée (jours de Paris, bornes "
    "comprises). Les délais vont du dépôt à la prise en charge (« Pris en charge ») et du "
    "dépôt à la résolution (« Résolu ») ; la moyenne est le délai moyen de traitement des "
    "conventions, la médiane le délai du milieu, et « 90 % en moins de » le délai que 90 % "
    "des demandes n'ont pas dépassé. Une demande qui n'a pas encore atteint l'étape est "
    "comptée « en cours », jamais dans ces chiffres. Une demande annulée compte dans les "
    "demandes déposées et les annulations, nulle part ailleurs. Les alertes sont les demandes "
    "de la période au-delà des seuils de la structure aujourd'hui (la même règle que « À "
    "traiter »). Seuls des nombres et des durées sont comptés : aucune personne concernée, "
    "aucun commentaire ; les demandeurs sont nommés comme dans l'historique."
)
"""How each figure is counted, in French: the screen's help and the report's last part."""
