"""Request numbers, convention states and their exact messages, attachment checks."""

import io
import zipfile
from datetime import date

import pytest

from ep_contract.domain.attachments import check_attachment, safe_filename, signature_matches
from ep_contract.domain.convention import (
    ConventionState,
    can_access,
    can_file,
    convention_message,
    convention_state,
)
from ep_contract.domain.request_number import format_request_number, parse_request_number

TODAY = date(2022, 3, 1)


def test_request_number_round_trip_and_explanation() -> None:
    number = parse_request_number("2233100011")
    assert number is not None
    assert (number.year, number.organisme_code, number.sequence) == (2022, "331", 11)
    assert str(number) == "2233100011"
    assert format_request_number(2022, "331", 11) == "2233100011"
    assert "00011ème demande déposée en 2022" in number.explain()
    assert "organisme d'Assurance Maladie 331" in number.explain()


@pytest.mark.parametrize("bad", ["223310001", "22331000111", "2233100000", "22A3100011", ""])
def test_request_number_rejects_malformed(bad: str) -> None:
    assert parse_request_number(bad) is None


def test_request_number_refuses_out_of_range_sequence() -> None:
    with pytest.raises(ValueError):
        format_request_number(2022, "331", 100_000)


def state(start, end, *, unresolved=False, last=None) -> ConventionState:
    return convention_state(start, end, TODAY, has_unresolved=unresolved, last_resolved_on=last)


def test_convention_states() -> None:
    assert state(date(2022, 4, 1), None) == ConventionState.FUTURE
    assert state(date(2020, 1, 1), None) == ConventionState.ACTIVE
    assert state(date(2020, 1, 1), date(2022, 3, 31)) == ConventionState.ACTIVE  # 30 days left
    assert state(date(2020, 1, 1), date(2022, 3, 30)) == ConventionState.ENDING  # 29 days left
    assert state(date(2020, 1, 1), date(2022, 3, 1)) == ConventionState.ENDING  # last day
    ended = date(2022, 2, 10)
    assert state(date(2020, 1, 1), ended, unresolved=True) == ConventionState.ENDED_PENDING
    assert state(date(2020, 1, 1), ended, last=date(2022, 1, 30)) == ConventionState.ENDED_RESOLVED
    # Visible up to the 30th day after the last resolution, gone the day after.
    assert state(date(2020, 1, 1), date(2022, 1, 1), last=date(2022, 1, 30)) == (
        ConventionState.ENDED_RESOLVED
    )
    assert state(date(2020, 1, 1), date(2022, 1, 1), last=date(2022, 1, 29)) == (
        ConventionState.EXPIRED
    )
    # With no resolved request at all, the 30 days run from the end of the convention.
    assert state(date(2020, 1, 1), date(2022, 1, 29)) == ConventionState.EXPIRED
    assert state(date(2020, 1, 1), date(2022, 1, 30)) == ConventionState.ENDED_RESOLVED


def test_convention_messages_are_the_manuals_word_for_word() -> None:
    start, end = date(2022, 4, 1), date(2022, 3, 31)
    assert convention_message(ConventionState.FUTURE, "CPAM DORDOGNE", start, None) == (
        "Le conventionnement avec l'organisme CPAM DORDOGNE débutera le 01/04/2022."
    )
    assert convention_message(ConventionState.ENDING, "X", start, end) == (
        "Le conventionnement arrive à échéance le 31/03/2022 - "
        "Veuillez contacter l'organisme concerné."
    )
    ended = date(2022, 3, 10)
    assert convention_message(ConventionState.ENDED_PENDING, "X", start, ended) == (
        "Le conventionnement s'est terminé le 10/03/2022 mais il reste des demandes en cours "
        "de traitement."
    )
    assert convention_message(ConventionState.ENDED_RESOLVED, "X", start, ended) == (
        "Le conventionnement s'est terminé le 10/03/2022 . Vous disposez d'un délai "
        "supplémentaire pour consulter les réponses apportées à vos demandes."
    )
    assert convention_message(ConventionState.ACTIVE, "X", start, None) is None


def test_what_each_state_allows() -> None:
    assert [s for s in ConventionState if can_file(s)] == [
        ConventionState.ACTIVE,
        ConventionState.ENDING,
    ]
    assert not can_access(ConventionState.FUTURE)
    assert not can_access(ConventionState.EXPIRED)
    assert can_access(ConventionState.ENDED_PENDING)


def _ooxml(main_part: str, *extra: tuple[str, bytes], types: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{main_part}document.xml", "<doc/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def _bomb() -> bytes:
    """A .docx of 16 kilobytes that expands a thousand times (4 Mo would make 4 Gio)."""
    return _ooxml("word/", ("word/media/zero.bin", b"\0" * (16 * 1024 * 1024)))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", b"%PDF-1.7 ..."),
        ("a.PNG", b"\x89PNG\r\n\x1a\n...."),
        ("a.jpg", b"\xff\xd8\xff\xe0...."),
        ("a.jpeg", b"\xff\xd8\xff\xe1...."),
        ("a.tif", b"II*\x00...."),
        ("a.tiff", b"MM\x00*...."),
        ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1..."),
        ("a.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1..."),
        ("a.docx", _ooxml("word/")),
        ("a.xlsx", _ooxml("xl/")),
        ("a.csv", "nom;prénom\nPAIN;François\n".encode()),
        ("a.csv", "nom;prénom\n".encode("cp1252")),
    ],
)
def test_accepted_files(name: str, content: bytes) -> None:
    assert check_attachment(name, content) is None


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("a.exe", b"MZ....", "Type de fichier non accepté"),
        ("a", b"%PDF-", "Type de fichier non accepté"),
        ("a.pdf", b"MZ\x90\x00 not a pdf", "ne correspond pas"),
        ("a.png", b"%PDF-1.4", "ne correspond pas"),
        ("a.docx", _ooxml("xl/"), "ne correspond pas"),  # a spreadsheet named .docx
        ("a.docx", b"PK\x03\x04 broken zip", "ne correspond pas"),
        ("a.csv", b"\x00\x01binary", "ne correspond pas"),
        # What a mail gateway stops (issue 15): an entry that leaves the archive, a zip bomb,
        # a zip with no Office structure, an executable or a web page named .csv.
        ("a.docx", _ooxml("word/", ("../../tmp/evil.sh", b"#!/bin/sh\n")), "ne correspond pas"),
        ("a.docx", _ooxml("word/", ("/etc/cron.d/x", b"x")), "ne correspond pas"),
        ("a.xlsx", _ooxml("xl/", ("C:\\Windows\\x.dll", b"x")), "ne correspond pas"),
        ("a.docx", _bomb(), "ne correspond pas"),
        ("a.docx", _ooxml("word/", types=False), "ne correspond pas"),
        ("a.csv", b"\x7fELF\x02\x01\x01" + b"a" * 64, "ne correspond pas"),
        ("a.csv", b"<!DOCTYPE html><html><script>alert(1)</script>", "ne correspond pas"),
        ("a.csv", b"\xef\xbb\xbf<html><body>x</body></html>", "ne correspond pas"),
        ("a.pdf", b"", "vide"),
        ("a.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "5 Mo"),
    ],
    ids=lambda value: f"{len(value)}B" if isinstance(value, bytes) else str(value)[:24],
)
def test_refused_files(name: str, content: bytes, why: str) -> None:
    error = check_attachment(name, content)
    assert error is not None and why in error


def test_signature_of_exactly_five_megabytes_is_accepted() -> None:
    assert check_attachment("a.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024 - 5)) is None
    assert not signature_matches("zip", b"PK\x03\x04")


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\boot.ini", "boot.ini"),
        ("/abs/path/Réponse.pdf", "Réponse.pdf"),
        (".bashrc", "bashrc"),
        ("a:b*c?.pdf", "a_b_c_.pdf"),
        ("CON.pdf", "piece-jointe.pdf"),
        ("", "piece-jointe"),
        ("x" * 300 + ".pdf", "x" * 236 + ".pdf"),
        ("😀" * 120 + ".pdf", "😀" * 59 + ".pdf"),  # 240 bytes: a file system takes 255
        ("é" * 200 + ".docx", "é" * 117 + ".docx"),
        ("facture\u202efdp.exe", "facturefdp.exe"),  # reversed, it read « exe.pdf »
        ("e\u0301tat.pdf", "état.pdf"),
    ],
    ids=lambda value: str(value)[:24],
)
def test_safe_filename(given: str, safe: str) -> None:
    assert safe_filename(given) == safe


def test_health_terms_are_quoted_as_written() -> None:
    from ep_contract.domain.comment_checks import comment_warnings, health_terms

    text = "Personne DIABÉTIQUE, suivie en psychiatrie ; diabétique depuis 2010. AVC."
    assert health_terms(text) == ["DIABÉTIQUE", "psychiatrie", "AVC"]
    (warning,) = comment_warnings("Elle est diabétique.")
    assert "« diabétique »" in warning.message


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 pièce jointe"),
        (1, "1 pièce jointe"),
        (2, "2 pièces jointes"),
        (8, "8 pièces jointes"),
    ],  # fmt: skip
)
def test_words_agree_with_their_number(count: int, expected: str) -> None:
    from ep_contract.domain.wording import plural

    assert plural(count, "pièce jointe", "pièces jointes") == expected
