"""Search keys: upper case, accents removed, so that « josephine » finds « Joséphine »."""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.upper().replace("Œ", "OE").replace("Æ", "AE").split())


def name_key(last: str, first: str) -> str:
    """Both orders, so that « Joséphine Tutu » and « TUTU Jo » both match by substring."""
    return f"{search_key(last)} {search_key(first)}|{search_key(first)} {search_key(last)}"
