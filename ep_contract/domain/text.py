"""Characters a text may hold, on both sides of the wire.

A text is untrusted wherever it comes from: typed or pasted by a technician, written by an
organisme's agent, served by a server. Three kinds of characters never belong in it:
- control characters (C0 but line breaks and tabs, DEL, C1): ``ESC ] 52`` writes the
  terminal's clipboard, ``ESC ] 8`` hides a link, ``ESC [ 2 J`` clears the screen;
- the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder
  what is shown so that it reads differently from what is stored;
- zero-width characters (U+200B–U+200D, U+2060, U+FEFF), which make two equal-looking
  names differ;
and a lone surrogate (U+D800–U+DFFF) cannot even be stored.

The server refuses a text that holds any of them (:func:`forbidden_characters`); the app
removes them from what it sends (a paste from a word processor brings zero-width spaces the
technician cannot see) and from everything it shows (:func:`shown`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = "\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069"
_SURROGATE = "\ud800-\udfff"
_FORBIDDEN_RE = re.compile(f"[{_CONTROL}{_INVISIBLE}{_SURROGATE}]")
_UNSHOWABLE_RE = re.compile(f"[{_CONTROL}\r{_INVISIBLE}{_SURROGATE}]")
FORBIDDEN_MESSAGE = "Caractères de contrôle ou invisibles non acceptés."


def forbidden_characters(text: str) -> bool:
    """Whether ``text`` holds a character no text may hold (line breaks and tabs may)."""
    return _FORBIDDEN_RE.search(text) is not None


def cleaned(text: str) -> str:
    """``text`` without the characters no text may hold, in its composed form (NFC: a
    keyboard or a paste may give « é » as « e » and an accent)."""
    return unicodedata.normalize("NFC", _FORBIDDEN_RE.sub("", text))


def shown(text: str) -> str:
    """A text received from a server, fit to be drawn on a terminal: every control and
    invisible character removed (a carriage return too; line breaks and tabs stay)."""
    if not _UNSHOWABLE_RE.search(text):
        return text
    return _UNSHOWABLE_RE.sub("", text)


def shown_everywhere(value: Any) -> Any:
    """Every string in parsed JSON (lists and objects walked, keys kept) passed through
    :func:`shown`: an answer of the server made fit for a terminal at once."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, list):
        return [shown_everywhere(item) for item in value]
    if isinstance(value, dict):
        return {key: shown_everywhere(item) for key, item in value.items()}
    return value


def without_accents(text: str) -> str:
    """``text`` with each accented letter as its base letter, one character for one (offsets
    into the result point into ``text``): « Modèles » → « Modeles », « Œ » stays. For matching
    what a technician types without accents."""
    return "".join(unicodedata.normalize("NFD", c)[0] for c in text)
