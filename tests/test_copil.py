"""The COPIL's tables (ep_tui/copil.py): what the screen, the CSV and the report share."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from ep_contract.domain.dates import PARIS
from ep_contract.wire import (
    AlertSettings,
    Breakdown,
    Delay,
    Delays,
    ExchangeFigures,
    MasFigures,
    Statistics,
    StatisticsPeriod,
    Tally,
)
from ep_tui import copil

NONE = Delay(count=0, mean_seconds=None, median_seconds=None, p90_seconds=None, still_open=0)


def figures(**changes: object) -> Statistics:
    day = 86_400
    measured = Delay(count=3, mean_seconds=1.5 * day, median_seconds=day, p90_seconds=3 * day,
                     still_open=1)  # fmt: skip
    base = Statistics(
        structure="Structure", organismes=[], generated_at=datetime(2026, 12, 2, 9, tzinfo=PARIS),
        period=StatisticsPeriod(kind="annee", start=date(2026, 1, 1), end=date(2026, 12, 31),
                                label="année 2026"),
        filed=4, cancelled=0, by_month=[], by_service=[], by_motif=[],
        by_benefit=[Breakdown(key="ame", label="AME", filed=4,
                              delays=Delays(taken=measured, resolved=measured))],
        delays=Delays(taken=measured, resolved=measured), statuses=[], cancellations=[],
        exchanges=ExchangeFigures(requests=0, questions=0, answers=0),
        mas=MasFigures(referrals=0, accompagnement=[], soins=[], duree=[], causes=[]),
        social_service=0, alerts=[], thresholds=AlertSettings(), by_requester=[],
        conventions_ended=[],
    )  # fmt: skip
    return base.model_copy(update=changes)


def test_a_bar_is_drawn_in_eighths_of_a_cell_and_zero_draws_nothing() -> None:
    assert copil.bar(8, 8, 4) == "████"
    assert copil.bar(1, 8, 4) == "▌"  # 4 eighths
    assert copil.bar(0, 8, 4) == "" and copil.bar(3, 0, 4) == ""
    assert copil.bar(0.01, 8, 4) == "▏"  # something is never drawn as nothing


def test_a_table_goes_on_two_lines_a_row_rather_than_cut_a_label() -> None:
    long = "Renoncement ou des difficultés d'accès à des soins liés à un handicap"
    table = copil.Table("mas", "MAS", [copil.Row(long, "3", 3), copil.Row("Autre", "1", 1)])
    lines = ["".join(text for text, _ in segments) for segments in copil.table_lines(table, 60)]
    assert lines[0] == long and lines[1].startswith("  ████") and lines[1].endswith(" 3")
    wide = ["".join(t for t, _ in s) for s in copil.table_lines(table, 100)]
    assert len(wide) == 2 and wide[0].startswith(long + " ")
    assert wide[0].index("█") == wide[1].index("█")  # the bars start in one column


def test_the_csv_has_decimal_commas_and_no_formula() -> None:
    hostile = Tally(label='=HYPERLINK("x")', count=2)
    text = copil.to_csv(figures(by_motif=[hostile], statuses=[hostile]))
    lines = text.splitlines()
    assert lines[0].split(";")[:3] == ["Tableau", "Libellé", "Demandes"]
    assert "Délai de traitement (du dépôt à « Résolu »);AME;4;;1,5;1,0;3,0;1" in lines
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    motif = ["Répartition par motif", '\'=HYPERLINK("x")', "2", "50 %"]
    assert motif in [row[:4] for row in rows]
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_the_headline_says_a_convention_ending_and_one_ended() -> None:
    from ep_contract.wire import ConventionEnd

    ended = [ConventionEnd(organisme_code="401", organisme_name="CPAM LANDES",
                           ended_on=date(2026, 11, 2)),
             ConventionEnd(organisme_code="471", organisme_name="CPAM LOT ET GARONNE",
                           ended_on=date(2026, 12, 14))]  # fmt: skip
    lines = copil.headline(figures(conventions_ended=ended))
    assert "La convention avec CPAM LANDES a pris fin le 02/11/2026." in lines
    assert "La convention avec CPAM LOT ET GARONNE prend fin le 14/12/2026." in lines


def test_the_report_fits_80_columns_and_says_its_method() -> None:
    text = copil.report(figures())
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "Méthode" in text and "\x1b" not in text
    assert "Délai moyen de traitement : 1,5 j (médiane 1,0 j, 1 en cours)" in text
