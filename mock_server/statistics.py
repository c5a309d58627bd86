"""« Pilotage du partenariat » (issue 18): the COPIL's figures for one organisme or all, over
a period (the rules and words are ep_contract.domain.statistics's).

One read of the period's requests (a few columns, plain tuples: at 100,000 requests a year of
one organisme is some 15,000 rows), counted in one pass; the MAS answers, the messages and
the alerts are a query each on the same scope. Only counts and durations leave: no person,
no comment.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from ep_contract.domain.catalogue import Catalogue, FormField
from ep_contract.domain.statistics import (
    BENEFIT_LABELS,
    DAY_SECONDS,
    DELAY_BOUNDS_DAYS,
    DELAY_BUCKETS,
    Benefit,
    Period,
    months_of,
)
from ep_contract.domain.statuses import CANCEL_REASONS, Status
from ep_contract.wire import (
    AlertLine,
    Breakdown,
    ConventionEnd,
    CountedOrganisme,
    Delay,
    Delays,
    ExchangeFigures,
    MasFigures,
    MonthVolume,
    Statistics,
    StatisticsPeriod,
    Tally,
)
from mock_server import repository, worklist
from mock_server.catalogues import MAS_MOTIF
from mock_server.clock import at
from mock_server.problems import ProblemError
from mock_server.repository import CANCELLED, Technician, paris_day_bounds

SOCIAL_SERVICE_MOTIF = "Service Social"
NO_MOTIF = "(sans motif)"
"""The motif tally of the ODS without a motif (« Demander un document »)."""
MAS_QUESTIONS = ("mas_accompagnement", "mas_soins", "mas_duree", "mas_causes")


@dataclass(slots=True)
class _Group:
    """The requests of one ODS, benefit, technician (or all): their volume and delays."""

    label: str
    filed: int = 0
    live: int = 0
    """Not cancelled: the ones whose delays count, or are still open."""
    to_taken: list[int] = field(default_factory=list)
    to_resolved: list[int] = field(default_factory=list)

    def add(self, count: int, live: bool, to_taken: list[int], to_resolved: list[int]) -> None:
        self.filed += count
        if live:
            self.live += count
            self.to_taken += to_taken
            self.to_resolved += to_resolved

    def breakdown(self, key: str) -> Breakdown:
        return Breakdown(key=key, label=self.label, filed=self.filed, delays=self.delays())

    def delays(self) -> Delays:
        return Delays(
            taken=delay(self.to_taken, self.live - len(self.to_taken)),
            resolved=delay(self.to_resolved, self.live - len(self.to_resolved)),
        )


def delay(seconds: list[int], still_open: int) -> Delay:
    """Mean, median and nearest-rank 90th percentile (ep_contract.wire.Delay says how)."""
    if not seconds:
        return Delay(count=0, mean_seconds=None, median_seconds=None, p90_seconds=None,
                     still_open=still_open, distribution=[0] * len(DELAY_BUCKETS))  # fmt: skip
    ordered = sorted(seconds)
    count = len(ordered)
    middle = count // 2
    median = ordered[middle] if count % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    below = [bisect_left(ordered, days * DAY_SECONDS) for days in DELAY_BOUNDS_DAYS]
    return Delay(
        count=count,
        mean_seconds=sum(ordered) / count,
        median_seconds=median,
        p90_seconds=ordered[(9 * count + 9) // 10 - 1],  # ceil(0.9 n), in integers
        still_open=still_open,
        distribution=[b - a for a, b in zip([0, *below], [*below, count], strict=True)],
    )


def statistics(
    connection: sqlite3.Connection,
    technician: Technician,
    organisme: str | None,
    period: Period,
    now: int,
    today: date,
) -> Statistics:
    """The figures of the structure's requests filed in ``period``, for ``organisme`` or for
    every organisme the structure has a convention with (ended ones included: a COPIL looks
    back). Another structure's organisme is not found."""
    conventions = repository.conventions_of(connection, technician.structure_id, today, organisme)
    if organisme is not None and not conventions:
        raise ProblemError(404, "Organisme introuvable.", code="organisme_not_found")
    names = {c.organisme_code: c.organisme_name for c in conventions}
    catalogues = {
        code: repository.catalogue(connection, code)
        for code in {c.catalogue_code for c in conventions}
    }
    catalogue_of = {c.organisme_code: catalogues[c.catalogue_code] for c in conventions}
    filed = (paris_day_bounds(period.start)[0], paris_day_bounds(period.end)[1])
    where = worklist.Scope(technician, names, "structure", filed)
    counted = _Counts(period, catalogue_of)
    if names:
        counted.read(connection, where)
        counted.count_months(connection, partial(worklist.Scope, technician, names, "structure"))
    settings = worklist.alert_settings(connection, technician.structure_id)
    alerts = worklist.waiting(connection, where, names, settings, today) if names else []
    return Statistics(
        structure=technician.structure_name,
        organismes=[CountedOrganisme(code=code, name=name) for code, name in names.items()],
        period=StatisticsPeriod(
            kind=period.kind, start=period.start, end=period.end, label=period.label
        ),  # fmt: skip
        generated_at=at(now),
        filed=counted.all.filed,
        cancelled=sum(counted.cancellations.values()),
        by_month=counted.months(),
        by_service=[group.breakdown(key) for key, group in counted.services.items()],
        by_benefit=[counted.benefits[b].breakdown(b) for b in Benefit],
        by_motif=[
            Tally(label=motif, count=count) for motif, count in sorted(counted.motifs.items())
        ],  # fmt: skip
        delays=counted.all.delays(),
        statuses=[Tally(label=status, count=counted.statuses[status]) for status in Status],
        cancellations=[
            Tally(label=reason, count=counted.cancellations[reason]) for reason in CANCEL_REASONS
        ],  # fmt: skip
        exchanges=_exchanges(connection, where) if names else _NO_EXCHANGE,
        mas=_mas(connection, where, catalogues.values()) if names else _mas_empty(catalogues),
        social_service=counted.social_service,
        alerts=sorted((_alert(item) for item in alerts), key=lambda a: (-a.days, a.number)),
        thresholds=settings,
        by_requester=[
            counted.requesters[name].breakdown(name) for name in sorted(counted.requesters)
        ],  # fmt: skip
        conventions_ended=[
            ConventionEnd(
                organisme_code=c.organisme_code, organisme_name=c.organisme_name, ended_on=c.end
            )  # fmt: skip
            for c in conventions
            if c.end is not None and c.end <= period.end
        ],
    )


_ScopeOf = Callable[[tuple[int, int]], worklist.Scope]
"""The statistics' scope for other filing times (a month of the period)."""


class _Counts:
    """The period's requests, grouped by SQLite as it walks the ``requests_statistics``
    index (no table lookup, no sort): a count and the delays of each group of the same
    organisme, ODS, motif, technician, status and reason of cancellation — at most a few
    thousand groups where a year holds tens of thousands of requests. The delays come as
    JSON lists (the steps reached only) that Python sorts per figure."""

    def __init__(self, period: Period, catalogue_of: dict[str, Catalogue]) -> None:
        self.catalogue_of = catalogue_of
        self.month_days = months_of(period)
        self.by_month = [0] * len(self.month_days)
        self.period_start = paris_day_bounds(period.start)[0]
        self.period_end = paris_day_bounds(period.end)[1]
        self.years = (period.start.year, period.end.year)
        self.all = _Group("Toutes les demandes")
        self.services: dict[str, _Group] = {}
        self.benefits = {benefit: _Group(BENEFIT_LABELS[benefit]) for benefit in Benefit}
        self.requesters: dict[str, _Group] = {}
        self.motifs: Counter[str] = Counter()
        self.statuses: Counter[str] = Counter()
        self.cancellations: Counter[str] = Counter()
        self.social_service = 0

    def read(self, connection: sqlite3.Connection, where: worklist.Scope) -> None:
        cursor = connection.cursor()
        cursor.row_factory = None
        rows = cursor.execute(
            "SELECT r.organisme_code, r.service_code, r.motif, r.requester, r.status,"
            " r.cancel_reason, COUNT(*),"
            " json_group_array(r.taken_at - r.filed_at) FILTER (WHERE r.taken_at IS NOT NULL),"
            " json_group_array(r.resolved_at - r.filed_at)"
            " FILTER (WHERE r.resolved_at IS NOT NULL)"
            f" FROM requests r INDEXED BY requests_statistics WHERE {where.sql}"
            " AND r.filed_year BETWEEN ? AND ?"
            " GROUP BY r.organisme_code, r.filed_year, r.service_code, r.motif, r.requester,"
            " r.status, r.cancel_reason",
            (*where.params, *self.years),
        ).fetchall()
        for code, service, motif, requester, status, reason, count, taken, resolved in rows:
            catalogue = self.catalogue_of[code]
            live = status != CANCELLED
            to_taken = _seconds(taken) if live else []
            to_resolved = _seconds(resolved) if live else []
            for group in (
                self.all,
                self.services.get(service) or self._service(service, catalogue),
                self.benefits[catalogue.benefit_of(motif)],
                self.requesters.get(requester)
                or self.requesters.setdefault(requester, _Group(requester)),
            ):
                group.add(count, live, to_taken, to_resolved)
            self.motifs[motif or NO_MOTIF] += count
            if not live:
                self.cancellations[reason] += count
                continue
            self.statuses[status] += count
            if motif == SOCIAL_SERVICE_MOTIF:
                self.social_service += count

    def _service(self, code: str, catalogue: Catalogue) -> _Group:
        service = catalogue.service(code)
        return self.services.setdefault(code, _Group(service.title if service else code))

    def count_months(self, connection: sqlite3.Connection, scope: _ScopeOf) -> None:
        """A count per month, a range of the filing-time index each (Paris months, whose
        bounds SQLite's own calendar does not know). Each month is its own scope: SQLite
        narrows the walk by one range only."""
        cursor = connection.cursor()
        cursor.row_factory = None
        bounds = [paris_day_bounds(day)[0] for day in self.month_days]
        bounds[0] = max(bounds[0], self.period_start)
        bounds.append(self.period_end)
        for index, (first, after) in enumerate(zip(bounds, bounds[1:], strict=False)):
            month = scope((first, after))
            (self.by_month[index],) = cursor.execute(
                f"SELECT COUNT(*) FROM requests r INDEXED BY requests_by_filed WHERE {month.sql}",
                month.params,
            ).fetchone()

    def months(self) -> list[MonthVolume]:
        return [MonthVolume(month=day, filed=count)
                for day, count in zip(self.month_days, self.by_month, strict=True)]  # fmt: skip


def _seconds(text: str) -> list[int]:
    """Sorted: the figures' groups join these runs, which Python's sort merges fast."""
    return sorted(json.loads(text))


_NO_EXCHANGE = ExchangeFigures(requests=0, questions=0, answers=0)


def _exchanges(connection: sqlite3.Connection, where: worklist.Scope) -> ExchangeFigures:
    requests, questions, answers = connection.execute(
        "SELECT COUNT(DISTINCT m.request_id), COALESCE(SUM(m.author = 'technicien'), 0),"
        " COALESCE(SUM(m.author = 'organisme'), 0)"
        f" FROM messages m JOIN requests r ON r.id = m.request_id WHERE {where.sql}",
        where.params,
    ).fetchone()
    return ExchangeFigures(requests=requests, questions=questions, answers=answers)


def _mas_questions(catalogues: Iterable[Catalogue]) -> dict[str, FormField]:
    """The MAS form's questions, from the first catalogue that has them (they are the same
    blocks in every catalogue: SPEC §5)."""
    found: dict[str, FormField] = {}
    for catalogue in catalogues:
        for service in catalogue.services:
            for name in MAS_QUESTIONS:
                question = service.field(name)
                if question is not None:
                    found.setdefault(name, question)
    return found


def _tallies(question: FormField | None, counts: Counter[str]) -> list[Tally]:
    """Every choice offered, in the form's order, then any other value stored."""
    offered = question.choices if question else []
    others = sorted(set(counts) - set(offered))
    return [Tally(label=choice, count=counts[choice]) for choice in [*offered, *others]]


def _mas_empty(catalogues: dict[str, Catalogue]) -> MasFigures:
    return _mas_figures(0, _mas_questions(catalogues.values()), defaultdict(Counter))


def _mas(
    connection: sqlite3.Connection, where: worklist.Scope, catalogues: Iterable[Catalogue]
) -> MasFigures:
    cursor = connection.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        # The motif written out, as the partial index says it: SQLite uses that index only
        # when the query's own terms imply its condition. The same answers are parsed once
        # (a form of a few ticks gives far fewer answers than referrals).
        f"SELECT r.answers_json, COUNT(*) FROM requests r INDEXED BY requests_mas_answers"
        f" WHERE {where.sql} AND r.motif = '{MAS_MOTIF}' AND r.status != ?"
        " GROUP BY r.answers_json",
        (*where.params, CANCELLED),
    ).fetchall()
    counts: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for answers_json, times in rows:
        for answer in json.loads(answers_json):
            if answer.get("name") in MAS_QUESTIONS:
                value = answer.get("value")
                for choice in [value] if isinstance(value, str) else value or []:
                    counts[answer["name"]][choice] += times
    referrals = sum(times for _, times in rows)
    return _mas_figures(referrals, _mas_questions(catalogues), counts)


def _mas_figures(
    referrals: int, questions: dict[str, FormField], counts: defaultdict[str, Counter[str]]
) -> MasFigures:
    return MasFigures(
        referrals=referrals,
        **{
            name.removeprefix("mas_"): _tallies(questions.get(name), counts[name])
            for name in MAS_QUESTIONS
        },  # fmt: skip
    )


def _alert(item: dict) -> AlertLine:
    """A work-list wait without its person: only the request's number and its figures."""
    return AlertLine(
        kind=item["kind"],
        number=item["number"],
        organisme_code=item["organisme_code"],
        service_title=item["service_title"],
        motif=item["motif"],
        status=item["status"],
        days=item["days"],
    )
