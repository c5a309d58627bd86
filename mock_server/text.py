"""Search keys: upper case, accents removed, so that « josephine » finds « Joséphine »."""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.upper().replace("Œ", "OE").replace("Æ", "AE").split())


NAME_KEY_SEPARATOR = "|"

# How the history's Personne column starts (« Madame TUTU Joséphine »): a search typed as
# it reads there finds the person.
_CIVILITIES = ("MADAME ", "MONSIEUR ", "MME ", "M. ")


def name_key(last: str, first: str) -> str:
    """Both orders, so that « Joséphine Tutu » and « TUTU Jo » both match by substring."""
    return (f"{search_key(last)} {search_key(first)}{NAME_KEY_SEPARATOR}"
            f"{search_key(first)} {search_key(last)}")  # fmt: skip


def person_search_key(text: str) -> str:
    """The Personne filter's key: as :func:`search_key`, without the civilité the column
    shows before the name."""
    key = search_key(text)
    for civility in _CIVILITIES:
        if key.startswith(civility):
            return key[len(civility) :]
    return key
