"""Field formatting as typed and validation, after the manual's rules (SPEC §4)."""

from datetime import date

import pytest

from ep_contract.domain import fields as f

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("pain", "PAIN"), ("le goff", "LE GOFF"), ("n’diaye", "N'DIAYE"), ("dupré", "DUPRÉ")],
)
def test_nom_is_upper_case_as_typed(typed: str, shown: str) -> None:
    assert f.format_nom(typed) == shown


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("françois", "François"),
        ("FRANÇOIS", "François"),
        ("jean-pierre", "Jean-Pierre"),
        ("marie claire", "Marie Claire"),
        ("éloïse", "Éloïse"),
    ],
)
def test_prenom_is_capitalised_part_by_part(typed: str, shown: str) -> None:
    assert f.format_prenom(typed) == shown


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("0600000000", "06.00.00.00.00"),
        ("06 12 34 56 78", "06.12.34.56.78"),
        ("06-12", "06.12"),
        ("061", "06.1"),
        ("06.12.34.56.78", "06.12.34.56.78"),
    ],
)
def test_telephone_is_grouped_from_digits(typed: str, shown: str) -> None:
    assert f.format_telephone(typed) == shown


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("0", "0"), ("051", "05/1"), ("05101970", "05/10/1970"), ("05/10/1970", "05/10/1970")],
)
def test_date_gets_its_slashes(typed: str, shown: str) -> None:
    assert f.format_date(typed) == shown


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("5/10/1970", "05/10/1970"),  # was 51/01/970
        ("5.10.1970", "05/10/1970"),
        ("5-1-1970", "05/01/1970"),
        ("5 10 1970", "05/10/1970"),
        ("5/", "05/"),
        ("05/", "05/"),
        ("05//", "05/"),
        ("/", ""),
        ("1/2/", "01/02/"),
    ],
)
def test_a_typed_separator_ends_the_day_or_the_month(typed: str, shown: str) -> None:
    assert f.format_date(typed) == shown


@pytest.mark.parametrize(
    "formatter", [f.format_nom, f.format_prenom, f.format_telephone, f.format_date, f.format_lieu]
)
@pytest.mark.parametrize(
    "value", ["pain", "jean-pierre", "0612345678", "05101970", "5/10/1970", "1.2.", "2a", "  x "]
)
def test_formatting_is_idempotent(formatter, value: str) -> None:
    once = formatter(value)
    assert formatter(once) == once


def test_nom_limits() -> None:
    assert f.validate_nom("") == f.REQUIRED
    assert f.validate_nom("A" * 30) is None
    assert f.validate_nom("A" * 31) == "30 caractères maximum."
    assert f.validate_nom("DUPONT2") is not None
    assert f.validate_nom("O'NEIL-DE LA TOUR") is None
    assert f.validate_nom("'-") is not None  # no letter at all


def test_prenom_limits() -> None:
    assert f.validate_prenom("A" * 20) is None
    assert f.validate_prenom("A" * 21) == "20 caractères maximum."
    assert f.validate_prenom("Zoé") is None
    assert f.validate_prenom("Zoé!") is not None


@pytest.mark.parametrize(
    "lieu",
    ["24", "2A", "2B", "20", "971", "975", "976", "977", "978", "984", "986", "987", "988", "99",
     "Portugal", "Côte d'Ivoire"],
)  # fmt: skip
def test_lieu_accepts_every_official_code_and_countries(lieu: str) -> None:
    """INSEE's codes of a birth place, historical ones too: 20 is Corsica before 1976."""
    assert f.validate_lieu(lieu) is None


@pytest.mark.parametrize(
    "lieu", ["00", "96", "979", "983", "985", "989", "990", "2C", "Paris!", "A" * 31]
)
def test_lieu_refuses_unknown_departements_and_bad_characters(lieu: str) -> None:
    assert f.validate_lieu(lieu) is not None


def test_birth_date_must_be_real_and_past() -> None:
    assert f.validate_date_naissance("05/10/1970", TODAY) is None
    assert f.validate_date_naissance("22/11/2026", TODAY) is None  # born today
    assert f.validate_date_naissance("23/11/2026", TODAY) == (
        "La date de naissance ne peut pas être dans le futur."
    )
    assert f.validate_date_naissance("31/02/1970", TODAY) == "Cette date n'existe pas."
    assert f.validate_date_naissance("29/02/2000", TODAY) is None
    assert f.validate_date_naissance("1970-10-05", TODAY) == "Format attendu : jj/mm/aaaa."
    assert f.validate_date_naissance("01/01/1899", TODAY) is not None


@pytest.mark.parametrize("phone", ["06.00.00.00.00", "01.23.45.67.89"])
def test_telephone_valid(phone: str) -> None:
    assert f.validate_telephone(phone) is None


@pytest.mark.parametrize(
    "phone", ["0600000000", "06.00.00.00", "16.00.00.00.00", "06.00.00.00.000"]
)
def test_telephone_invalid(phone: str) -> None:
    assert f.validate_telephone(phone) is not None


def test_comment_limits() -> None:
    assert f.validate_comment("   ") == f.REQUIRED
    assert f.validate_comment("x" * 5000) is None
    assert f.validate_comment("x" * 5001) == "5000 caractères maximum."
    assert f.validate_comment("ligne 1\nligne 2\tfin ; « guillemets » €") is None
    assert f.validate_comment("bell\x07") is not None


def test_names_are_composed_and_rid_of_invisible_characters() -> None:
    """A keyboard or a paste may give « É » as « E » and a combining accent (NFD), or slip in
    a zero-width space or a bidirectional override: the name is the same name."""
    assert f.format_nom("DUPRE\u0301") == "DUPRÉ"
    assert f.validate_nom(f.clean_text("nom", "DUPRE\u0301")) is None
    assert f.format_prenom("l\u200béa") == "Léa"
    assert f.clean_text("nom", "\u202eEGUOR") == "EGUOR"


@pytest.mark.parametrize(
    "text", ["a\x1b]52;c;SGk=\x07", "a\u200bb", "a\u202eb", "a\x85b", "a\ud800b", "a\x00b"]
)
def test_a_comment_holds_no_control_nor_invisible_character(text: str) -> None:
    assert f.validate_comment(text) == "Caractères de contrôle ou invisibles non acceptés."
    assert f.validate_comment("Ligne 1\r\nLigne 2\tfin") is None
