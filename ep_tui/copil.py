"""« Pilotage du partenariat »: the COPIL's figures as tables — what the screen draws, the
CSV holds and the printable report says, from one place (no Textual here: the command line
will say the same).

Each table is a title and rows; a row has its label, its figures as text and, for the
charts, the share of the table's largest value it stands for. A chart never shows a number
that its row's text does not say.
"""

from __future__ import annotations

import csv
import io
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ep_contract.domain.dates import format_day, format_stamp, paris
from ep_contract.domain.statistics import (
    DELAY_BUCKETS,
    METHOD,
    days_number,
    format_days,
    month_label,
    percent,
)
from ep_contract.domain.worklist import describe
from ep_tui.export import cell_text

if TYPE_CHECKING:  # the command line reads the figures without pydantic (ep_tui.cli.plain)
    from ep_contract.wire import Breakdown, Delay, Statistics, Tally

BAR_FULL = "█"
BAR_EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    """The row's figures, in words: « 12 (10 %) », « moy. 7,4 j · méd. 7,7 j … »."""
    value: float
    """What its bar stands for (a count, a mean delay in seconds)."""
    columns: tuple[str, ...] = ()
    """The figures one per CSV column (see :data:`CSV_COLUMNS`)."""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    rows: list[Row]
    note: str | None = None
    """Said under the table (what is counted apart, why it is empty)."""

    @property
    def largest(self) -> float:
        return max((row.value for row in self.rows), default=0)


TABLE_KEYS = ("mois", "prestation", "offre", "motif", "traitement", "distribution",
              "prise-en-charge", "mas", "service-social", "statuts", "annulations", "echanges",
              "demandeurs")  # fmt: skip
"""The tables of :func:`tables`, in order (the screen has a place for each)."""

CSV_COLUMNS = ("Tableau", "Libellé", "Demandes", "Part", "Délai moyen (jours)",
               "Délai médian (jours)", "90 % en moins de (jours)", "En cours")  # fmt: skip


def bar(value: float, largest: float, width: int) -> str:
    """A horizontal bar ``width`` cells at most, in eighths of a cell; nothing for zero."""
    if largest <= 0 or value <= 0:
        return ""
    eighths = max(1, round(8 * width * value / largest))
    full, rest = divmod(eighths, 8)
    return BAR_FULL * full + (BAR_EIGHTHS[rest] if rest else "")


Segment = tuple[str, bool]
"""A piece of a line, and whether it is a bar (the screen draws those in bold)."""


def table_lines(table: Table, width: int) -> list[list[Segment]]:
    """The table's rows laid out for ``width`` columns: label, bar and figures on one line
    when every row's fit; otherwise each label on its own line and its bar and figures under
    it, so that the bars stay aligned — a label is never cut (two MAS answers start with the
    same words). The screen and the report lay tables out alike."""
    label_width = max((len(row.label) for row in table.rows), default=0)
    text_width = max((len(row.text) for row in table.rows), default=0)
    bar_width = 12 if width >= 70 else 6
    stacked = label_width + bar_width + 2 + text_width > width
    if stacked:  # the figures under the label: the bar takes what they leave
        bar_width = max(4, min(bar_width, width - 3 - text_width))
    largest = table.largest
    lines: list[list[Segment]] = []
    for row in table.rows:
        chart = (bar(row.value, largest, bar_width).ljust(bar_width), True)
        if stacked:
            lines += [[(row.label, False)], [("  ", False), chart, (" " + row.text, False)]]
        else:
            lines.append([(row.label.ljust(label_width) + " ", False), chart,
                          (" " + row.text, False)])  # fmt: skip
    return lines


def _days_number(seconds: float | None) -> str:
    """A delay in days for a spreadsheet: « 7,4 », empty when nothing was measured."""
    return "" if seconds is None else days_number(seconds)


STEP_WORDS = {"resolved": ("résolue", "résolues"),
              "taken": ("prise en charge", "prises en charge")}  # fmt: skip


def delay_text(delay: Delay, step: str, *, spelled: bool = False) -> str:
    """« moy. 7,4 j · méd. 7,7 j · 90 % < 11,4 j · 115 résolues, 2 en cours »; ``spelled``:
    « moyenne 7,4 jours, médiane 7,7 jours, 90 % en moins de 11,4 jours, 115 résolues, 2 en
    cours » (what a screen reader reads as it is written)."""
    one, many = STEP_WORDS[step]
    reached = f"{delay.count} {one if delay.count <= 1 else many}, {delay.still_open} en cours"
    if not delay.count:
        return reached
    mean, median, p90 = (format_days(seconds) for seconds in
                         (delay.mean_seconds, delay.median_seconds, delay.p90_seconds))  # fmt: skip
    if spelled:
        days = [text.replace(" j", " jours") for text in (mean, median, p90)]
        return (f"moyenne {days[0]}, médiane {days[1]}, 90 % en moins de {days[2]}, "
                f"{reached}")  # fmt: skip
    return f"moy. {mean} · méd. {median} · 90 % < {p90} · {reached}"


def _delay_columns(delay: Delay) -> tuple[str, ...]:
    """A delay's CSV columns; « Demandes » counts the requests it is about — those not
    cancelled, reached the step or still on their way — in every row alike."""
    return (str(delay.count + delay.still_open), "", _days_number(delay.mean_seconds),
            _days_number(delay.median_seconds), _days_number(delay.p90_seconds),
            str(delay.still_open))  # fmt: skip


def _count_rows(counts: Iterable[tuple[str, int]], whole: int) -> list[Row]:
    return [Row(label, f"{count} ({percent(count, whole)})", count,
                (str(count), percent(count, whole)))
            for label, count in counts]  # fmt: skip


def _tallied(tallies: Iterable[Tally]) -> list[tuple[str, int]]:
    return [(t.label, t.count) for t in tallies]


def _delay_row(label: str, delay: Delay, step: str, spelled: bool = False) -> Row:
    """A delay's row: its words, its bar (the mean), its CSV columns."""
    return Row(label, delay_text(delay, step, spelled=spelled), delay.mean_seconds or 0,
               _delay_columns(delay))  # fmt: skip


def _delay_rows(groups: list[Breakdown], step: str, spelled: bool = False) -> list[Row]:
    return [_delay_row(group.label, getattr(group.delays, step), step, spelled)
            for group in groups]  # fmt: skip


def tables(figures: Statistics, *, spelled: bool = False) -> list[Table]:
    """The figures as the COPIL reads them, in the conventions' order; ``spelled``: the
    delays in words (delay_text), for the command line's screen-reader output."""
    filed, live = figures.filed, figures.filed - figures.cancelled
    months = [Row(month_label(m.month), str(m.filed), m.filed, (str(m.filed), ""))
              for m in figures.by_month]  # fmt: skip
    overall = [_delay_row("Toutes les demandes", figures.delays.resolved, "resolved", spelled)]
    taken = [_delay_row("Toutes les demandes", figures.delays.taken, "taken", spelled)]
    benefits = [(b.label, b.filed) for b in figures.by_benefit]
    mas = figures.mas
    exchanges = figures.exchanges
    result = [
        Table("mois", "Demandes déposées par mois", months,
              None if filed else "Aucune demande déposée dans la période."),
        Table("prestation", "Répartition par prestation", _count_rows(benefits, filed)),
        Table("offre", "Répartition par offre de service",
              _count_rows([(s.label, s.filed) for s in figures.by_service],
                          filed)),
        Table("motif", "Répartition par motif", _count_rows(_tallied(figures.by_motif), filed)),
        Table("traitement", "Délai de traitement (du dépôt à « Résolu »)",
              overall + _delay_rows([b for b in figures.by_benefit if b.filed], "resolved",
                                    spelled)
              + _delay_rows(figures.by_service, "resolved", spelled),
              "Les demandes en cours ne comptent pas dans les délais."),
        Table("distribution", "Répartition des délais de traitement",
              _count_rows(zip(DELAY_BUCKETS, figures.delays.resolved.distribution, strict=False),
                          figures.delays.resolved.count),
              "Du dépôt à « Résolu », les demandes résolues de la période."),
        Table("prise-en-charge", "Délai de prise en charge (du dépôt à « Pris en charge »)",
              taken + _delay_rows(figures.by_service, "taken", spelled)),
        Table("mas", f"Mission accompagnement santé : {mas.referrals} saisine"
              f"{'s' if mas.referrals > 1 else ''}",
              [Row(f"{title} : {t.label}", f"{t.count}", t.count, (str(t.count), ""))
               for title, answers in (("Cadre", mas.accompagnement), ("Soins", mas.soins),
                                      ("Depuis", mas.duree), ("Cause", mas.causes))
               for t in answers]),
        Table("service-social", "Orientations vers le service social",
              [Row("Rendez-vous « Service Social »", str(figures.social_service),
                   figures.social_service, (str(figures.social_service), ""))]),
        Table("statuts", "Statuts aujourd'hui", _count_rows(_tallied(figures.statuses), live),
              f"{figures.cancelled} demande{'s' if figures.cancelled > 1 else ''} "
              "annulée" f"{'s' if figures.cancelled > 1 else ''} en plus."),
        Table("annulations", "Annulations par motif",
              _count_rows(_tallied(figures.cancellations), figures.cancelled)),
        Table("echanges", "Échanges après résolution", [
            Row("Demandes avec un échange", str(exchanges.requests), exchanges.requests,
                (str(exchanges.requests), "")),
            Row("Questions de la structure", str(exchanges.questions), exchanges.questions,
                (str(exchanges.questions), "")),
            Row("Réponses de l'organisme", str(exchanges.answers), exchanges.answers,
                (str(exchanges.answers), "")),
        ]),
        Table("demandeurs", "Par demandeur (délai de traitement)",
              _delay_rows(figures.by_requester, "resolved", spelled)),
    ]  # fmt: skip
    assert tuple(table.key for table in result) == TABLE_KEYS
    return [table if table.rows or table.note else
            Table(table.key, table.title, [], "Aucune demande dans la période.")
            for table in result]  # fmt: skip


def headline(figures: Statistics) -> list[str]:
    """The figures a COPIL starts with, a line each; then the conventions the period crosses
    the end of (ended, or ending, as of the figures' day)."""
    today = paris(figures.generated_at).date()
    resolved = figures.delays.resolved
    lines = [
        f"{figures.filed} demande{'s' if figures.filed > 1 else ''} déposée"
        f"{'s' if figures.filed > 1 else ''} ({figures.cancelled} annulée"
        f"{'s' if figures.cancelled > 1 else ''})",
        f"Délai moyen de traitement : {format_days(resolved.mean_seconds)}"
        f" (médiane {format_days(resolved.median_seconds)}, {resolved.still_open} en cours)",
        f"Mission accompagnement santé : {figures.mas.referrals} · "
        f"Service social : {figures.social_service} · Alertes : {len(figures.alerts)}",
    ]
    for ended in figures.conventions_ended:
        verb = "a pris fin" if ended.ended_on < today else "prend fin"
        lines.append(f"La convention avec {ended.organisme_name} {verb} le "
                     f"{format_day(ended.ended_on)}.")  # fmt: skip
    return lines


def scope_line(figures: Statistics) -> str:
    """« CPAM GIRONDE · année 2026 » or « 3 organismes · … »."""
    names = [o.name for o in figures.organismes]
    who = names[0] if len(names) == 1 else f"Tous les organismes ({len(names)})"
    return f"{who} · {figures.period.label}"


def alert_lines(figures: Statistics) -> list[str]:
    """« 2633100012 · Nouveau, en attente depuis 12 jours · CPAM GIRONDE · AME »: the wait
    first (a line cut at 80 columns keeps it), the organisme when there are several."""
    names = {o.code: o.name for o in figures.organismes}
    several = len(names) > 1
    return [" · ".join([a.number, describe(a.kind, a.days, 0),
                        *([names.get(a.organisme_code, a.organisme_code)] if several else []),
                        a.motif or a.service_title])
            for a in figures.alerts]  # fmt: skip


def unbreakable(text: str) -> str:
    """French spacing that never breaks a line: « Résolu », « Saisine : … » stay whole."""
    return text.replace("« ", "«\u00a0").replace(" »", "\u00a0»").replace(" :", "\u00a0:")


def to_csv(figures: Statistics) -> str:
    """Every table, one line per row (the table's name in the first column), for a French
    spreadsheet: « ; » between columns, decimal commas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for table in tables(figures):
        for row in table.rows:
            columns = (*row.columns, *[""] * (len(CSV_COLUMNS) - 2 - len(row.columns)))
            writer.writerow([cell_text(table.title), cell_text(row.label), *columns])
    for alert in figures.alerts:
        writer.writerow(["Alertes", alert.number, "", "", "", "", "", ""])
    return buffer.getvalue()


def report(figures: Statistics, width: int = 80) -> str:
    """The printable report: plain UTF-8 text that any machine opens and prints, without a
    browser — the structure, the scope, the figures, their charts and the method."""
    generated = format_stamp(figures.generated_at)
    lines = [
        "Pilotage du partenariat — Espace Partenaires",
        "=" * 44,
        "",
        f"Structure : {figures.structure}",
        f"Organismes : {', '.join(o.name for o in figures.organismes) or 'aucun'}",
        f"Période : {figures.period.label} (du {format_day(figures.period.start)} au "
        f"{format_day(figures.period.end)})",
        f"Établi le {generated}",
        "",
        *[wrapped for line in headline(figures) for wrapped in textwrap.wrap(line, width)],
    ]
    for table in tables(figures):
        lines += ["", table.title, "-" * len(table.title)]
        for segments in table_lines(table, width):
            line = "".join(text for text, _ in segments).rstrip()
            lines += textwrap.wrap(line, width, subsequent_indent="    ") if line else [""]
        if table.note:
            lines += textwrap.wrap(table.note, width)
    lines += ["", "Alertes (au-delà des seuils aujourd'hui)", "-" * 40]
    for line in alert_lines(figures) or ["Aucune."]:
        lines += textwrap.wrap(line, width, subsequent_indent="  ")
    lines += ["", "Méthode", "-------", *textwrap.wrap(unbreakable(METHOD), width)]
    return "\n".join(lines) + "\n"


def report_name(figures: Statistics, extension: str) -> str:
    """« pilotage-331-2026-01-01-2026-12-31.txt »: what and when, no person."""
    who = figures.organismes[0].code if len(figures.organismes) == 1 else "tous"
    period = figures.period
    return f"pilotage-{who}-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.{extension}"
