"""Warnings on a comment that do not block filing (seeds 000 and 001):

- « Les données de santé ne sont pas autorisées » in comments (GDPR): terms that likely
  reveal a diagnosis or a treatment are pointed out, so that the technician rephrases;
- a social security number (NIR) whose key is wrong is pointed out (a typo sends the agent
  to the wrong person); a NIR with a right key is fine — guide 001 shows one in a comment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Diagnoses, conditions and treatments: naming them tells a health status. Stems match the
# start of a word (« diabet » finds diabète and diabétique); the short acronyms match whole
# words only. The list is deliberately specific: « soins », « santé », « handicap » or
# « hospitalisation » are the portal's own vocabulary and are not flagged.
HEALTH_STEMS = (
    "addict",
    "alcoolism",
    "alzheimer",
    "bipolaire",
    "cancer",
    "chimiother",
    "cirrhos",
    "depressi",
    "dialys",
    "diabet",
    "epilep",
    "hepatit",
    "infarctus",
    "leucemi",
    "parkinson",
    "psychiatr",
    "psychos",
    "radiother",
    "schizophr",
    "scleros",
    "seroposit",
    "toxicoman",
    "tubercul",
    "tumeur",
)
HEALTH_ACRONYMS = ("avc", "ivg", "sida", "vih")
_WORD_RE = re.compile(r"[a-z0-9]+")
# 13 digits (the department may be 2A/2B) and a 2-digit key, spaces allowed between groups.
_NIR_RE = re.compile(
    r"\b([12])\s?(\d{2})\s?(\d{2})\s?(\d{2}|2[AB])\s?(\d{3})\s?(\d{3})\s?(\d{2})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CommentWarning:
    kind: str
    message: str


# The combining marks' blocks: after NFKD, the accents are these (one regex pass is ~50×
# faster than testing every character, and this runs at every key in a 5,000-character text).
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _plain(text: str) -> str:
    return _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.lower()))


def health_terms(text: str) -> list[str]:
    """The words of the text that likely reveal a health status, as the technician wrote them
    (« diabétique », not the unaccented form they are matched in)."""
    plain = _plain(text)
    # Accents removed, a French text keeps its length, letter for letter: the words found in
    # the plain text are read back from the text itself. (A ligature such as « ﬁ » does not:
    # the plain form is quoted then.)
    aligned = len(plain) == len(text)
    found: list[str] = []
    seen: set[str] = set()
    for match in _WORD_RE.finditer(plain):
        word = match.group(0)
        if word in seen or not (word in HEALTH_ACRONYMS or word.startswith(HEALTH_STEMS)):
            continue
        seen.add(word)
        found.append(text[match.start() : match.end()] if aligned else word)
    return found


def nir_key_is_valid(nir: str) -> bool:
    """The key is 97 − (the 13 digits mod 97); Corsica's 2A/2B count as 19/18."""
    digits = re.sub(r"\s", "", nir).upper()
    body, key = digits[:13], digits[13:]
    body = body.replace("2A", "19").replace("2B", "18")
    if not (body.isdigit() and key.isdigit()):
        return False
    return 97 - int(body) % 97 == int(key)


def wrong_nirs(text: str) -> list[str]:
    return [m.group(0) for m in _NIR_RE.finditer(text) if not nir_key_is_valid(m.group(0))]


def comment_warnings(text: str) -> list[CommentWarning]:
    warnings = []
    if terms := health_terms(text):
        warnings.append(CommentWarning(
            "health",
            "Données de santé probables (" + ", ".join(f"« {t} »" for t in terms) + ") : "
            "elles ne sont pas autorisées dans les commentaires.",
        ))  # fmt: skip
    for nir in wrong_nirs(text):
        warnings.append(CommentWarning(
            "nir", f"Numéro de sécurité sociale « {nir} » : la clé ne correspond pas.",
        ))  # fmt: skip
    return warnings
