"""Formatting (as typed) and validation (when a field is left, and again by the server) of the
fields of a request, after the national manual (§IV) and SPEC §4.

Every ``format_*`` function is idempotent: formatting an already formatted value changes
nothing, so the app may call it on every key press.  Every ``validate_*`` function returns a
French message for the technician, or ``None`` when the value is acceptable.
"""

from __future__ import annotations

import re
from datetime import date

from ep_contract.domain.text import FORBIDDEN_MESSAGE, cleaned, forbidden_characters

NOM_MAX = 30
PRENOM_MAX = 20
LIEU_MAX = 30
TELEPHONE_LENGTH = 14
COMMENT_MAX = 5000

REQUIRED = "Ce champ est obligatoire."

# Letters of French names: ASCII, Latin-1 accented letters and the ligatures œ/æ.
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿŒœÆæŸ"
_NAME_RE = re.compile(rf"[{_LETTER}' -]+")
_LIEU_RE = re.compile(rf"[{_LETTER}0-9' -]+")
_HAS_LETTER_RE = re.compile(rf"[{_LETTER}]")
_TYPOGRAPHIC_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "´": "'"})
# Word starts for given names: the first letter, and any letter after a space or a hyphen.
_GIVEN_NAME_PART_RE = re.compile(r"(^|[ -])([^ -])")

# Where a person was born, as the birth's département is written (INSEE, Code officiel
# géographique — the codes of a place of birth on a French civil-status record):
# - 01 to 95, with 2A and 2B for Corsica since 1976 and 20 for Corsica before (people born
#   there then have 20 on their records);
# - 971 to 976: Guadeloupe, Martinique, Guyane, La Réunion, Saint-Pierre-et-Miquelon,
#   Mayotte; 977 Saint-Barthélemy, 978 Saint-Martin (collectivités since 2007);
# - 984 Terres australes et antarctiques françaises, 986 Wallis-et-Futuna, 987 Polynésie
#   française, 988 Nouvelle-Calédonie (collectivités d'outre-mer); 989 Clipperton has no
#   civil status;
# - 99: born abroad (the country's name may be written instead).
_DEPARTEMENTS = (
    {f"{n:02d}" for n in range(1, 96)}
    | {"2A", "2B"}
    | {str(n) for n in (*range(971, 979), 984, 986, 987, 988)}
    | {"99"}
)


def _normalise_apostrophes(value: str) -> str:
    """Typographic apostrophes made plain; accents composed (NFC) and invisible or control
    characters removed (see ep_contract.domain.text): « DUPRÉ » typed on one keyboard and pasted
    from another is the same name."""
    return cleaned(value).translate(_TYPOGRAPHIC_APOSTROPHES)


def format_nom(value: str) -> str:
    """NOM as typed: upper case, typographic apostrophes made plain."""
    return _normalise_apostrophes(value).upper()


def format_prenom(value: str) -> str:
    """Prénom as typed: capital first letter of each part (Jean-Pierre), the rest lower case."""
    lowered = _normalise_apostrophes(value).lower()
    return _GIVEN_NAME_PART_RE.sub(lambda m: m.group(1) + m.group(2).upper(), lowered)


def format_telephone(value: str) -> str:
    """Téléphone as typed: digits grouped by two with dots, ``06.00.00.00.00``.

    Anything that is not a digit is dropped, so pasting ``06 12 34 56 78`` or
    ``06-12-34-56-78`` gives the same result; digits beyond ten are kept so that the
    validator can say the number is too long rather than silently losing them.
    """
    digits = re.sub(r"\D", "", value)
    return ".".join(digits[i : i + 2] for i in range(0, len(digits), 2))


DATE_SEPARATORS = "/.- "


def format_date(value: str) -> str:
    """Date as typed: ``jj/mm/aaaa``, the slashes inserted after the day and the month. A
    separator typed (« / », « . », « - » or a space) ends the day or the month, padded with
    a 0: « 5/10/1970 » is 05/10/1970 (without this, it was read 51/01/970)."""
    parts = ["", "", ""]
    index = 0
    for char in value:
        if char.isdigit():
            if index < 2 and len(parts[index]) == 2:
                index += 1
            if len(parts[index]) < (4 if index == 2 else 2):
                parts[index] += char
        elif char in DATE_SEPARATORS and index < 2 and parts[index]:
            parts[index] = parts[index].zfill(2)
            index += 1
    return "/".join(parts[: index + 1])


def format_lieu(value: str) -> str:
    """Lieu de naissance as typed: Corsican départements in capitals (2a → 2A)."""
    value = _normalise_apostrophes(value)
    if value.strip().lower() in {"2a", "2b"}:
        return value.upper()
    return value


def _clean(value: str) -> str:
    """What is stored: outer spaces removed, inner runs of spaces folded to one."""
    return re.sub(r" {2,}", " ", value.strip())


def validate_nom(value: str) -> str | None:
    value = _clean(value)
    if not value:
        return REQUIRED
    if len(value) > NOM_MAX:
        return f"{NOM_MAX} caractères maximum."
    if not _NAME_RE.fullmatch(value) or not _HAS_LETTER_RE.search(value):
        return "Seuls les lettres, l'apostrophe, le tiret et l'espace sont acceptés."
    return None


def validate_prenom(value: str) -> str | None:
    value = _clean(value)
    if not value:
        return REQUIRED
    if len(value) > PRENOM_MAX:
        return f"{PRENOM_MAX} caractères maximum."
    if not _NAME_RE.fullmatch(value) or not _HAS_LETTER_RE.search(value):
        return "Seuls les lettres, l'apostrophe, le tiret et l'espace sont acceptés."
    return None


def validate_lieu(value: str) -> str | None:
    value = _clean(value)
    if not value:
        return REQUIRED
    if len(value) > LIEU_MAX:
        return f"{LIEU_MAX} caractères maximum."
    if not _LIEU_RE.fullmatch(value):
        return "Seuls les lettres, les chiffres, l'apostrophe, le tiret et l'espace sont acceptés."
    # A value that starts with a digit is a département number; anything else is a country.
    if value[0].isdigit() and value.upper() not in _DEPARTEMENTS:
        return "Numéro de département inconnu (01 à 95, 2A, 2B, 20, 971 à 978, 984, 986 à 988, 99)."
    return None


def parse_date(value: str) -> date | None:
    """The date of a ``jj/mm/aaaa`` string, or ``None`` when it is not a real date."""
    match = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", value.strip())
    if not match:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def validate_date_naissance(value: str, today: date) -> str | None:
    value = value.strip()
    if not value:
        return REQUIRED
    if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):
        return "Format attendu : jj/mm/aaaa."
    born = parse_date(value)
    if born is None:
        return "Cette date n'existe pas."
    if born > today:
        return "La date de naissance ne peut pas être dans le futur."
    if born.year < 1900:
        return "La date de naissance doit être postérieure au 01/01/1900."
    return None


def validate_telephone(value: str) -> str | None:
    value = value.strip()
    if not value:
        return REQUIRED
    if not re.fullmatch(r"0\d(\.\d{2}){4}", value):
        return "10 chiffres commençant par 0, au format 06.00.00.00.00."
    return None


def validate_comment(value: str) -> str | None:
    """A comment, a message, an agent's answer: letters, accents, digits and punctuation,
    with line breaks and tabs, but no control or invisible character (ep_contract.domain.text)."""
    if not value.strip():
        return REQUIRED
    if len(value) > COMMENT_MAX:
        return f"{COMMENT_MAX} caractères maximum."
    if forbidden_characters(value):
        return FORBIDDEN_MESSAGE
    return None


# For each text format of the catalogue, how to format it as it is typed.
FORMATTERS = {
    "nom": format_nom,
    "prenom": format_prenom,
    "date": format_date,
    "lieu": format_lieu,
    "telephone": format_telephone,
}
# What the server applies to a value it receives: the same transforms, except for the date,
# whose slashes are a typing aid — a date sent as 1970-10-05 is refused, not reinterpreted.
NORMALISERS = {name: fn for name, fn in FORMATTERS.items() if name != "date"}


def clean_text(text_format: str | None, value: str) -> str:
    """The value as it is stored: normalised, then trimmed (comments are kept as written)."""
    if not text_format:
        return value
    normaliser = NORMALISERS.get(text_format)
    return _clean(normaliser(value) if normaliser else value)


def validate_text(text_format: str | None, value: str, today: date) -> str | None:
    """Validate a value already passed through :func:`clean_text`."""
    match text_format:
        case "nom":
            return validate_nom(value)
        case "prenom":
            return validate_prenom(value)
        case "date":
            return validate_date_naissance(value, today)
        case "lieu":
            return validate_lieu(value)
        case "telephone":
            return validate_telephone(value)
        case _:
            return validate_comment(value)
