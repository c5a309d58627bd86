"""Field formatting as typed and validation, after the manual's rules (SPEC §4)."""

from datetime import date

import pytest

from ep_tui.domain import fields as f

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


@pytest.mark.parametrize("lieu", ["24", "2A", "2B", "971", "976", "Portugal", "Côte d'Ivoire"])
def test_lieu_accepts_departements_and_countries(lieu: str) -> None:
    assert f.validate_lieu(lieu) is None


@pytest.mark.parametrize("lieu", ["20", "00", "96", "977", "2C", "Paris!", "A" * 31])
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
