"""What a hostile or broken server may send: texts holding Textual/Rich markup, terminal
escape sequences, bidirectional overrides and invisible characters — written straight into
the mock server's store, past every check the server makes, as a compromised back office or
a man in the middle would.

The visible marker, « [b]gras[/b] », shows as written only if the text was not read as
markup; the escape sequences must never reach the terminal (tests/e2e), nor any cell."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

MARKER = "[b]gras[/b]"
MARKUP = f" {MARKER} [/] [@click=app.quit]q[/] [link=https://evil.invalid]lien[/link]"
ESCAPES = (
    "\x1b]52;c;UElXTkVE\x07"  # writes the terminal's clipboard
    "\x1b]8;;https://evil.invalid/\x07cliquez\x1b]8;;\x07"  # a hidden link
    "\x1b]0;TITRE-PIEGE\x07"  # the window's title
    "\x1b[2J"  # clears the screen
    "\u202eEVIL\u202c\u200b\x85"  # reversed text, a zero-width space, C1 NEL
)
HOSTILE = MARKUP + " " + ESCAPES
"""Appended to every text the server serves."""

SEQUENCES = (b"\x1b]52;", b"\x1b]8;;https://evil", b"\x1b]0;TITRE", "\u202e".encode())
"""Bytes of ``ESCAPES`` that must never be written to the terminal."""

UNSHOWABLE = set("\x1b\x07\u202e\u202c\u200b\x85")

_CATALOGUE_TEXTS = {"title", "short_title", "description", "warning", "label", "hint",
                    "statement", "section", "placeholder"}  # fmt: skip


def _spoiled(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v + HOSTILE if k in _CATALOGUE_TEXTS and isinstance(v, str) else _spoiled(v))
                for k, v in value.items()}  # fmt: skip
    if isinstance(value, list):
        return [_spoiled(item) for item in value]
    return value


def spoil(connection: sqlite3.Connection) -> None:
    """Every text of the store that the app shows, with ``HOSTILE`` appended. The keys the
    server searches and sorts on (names, requester's key) are left as they are: only what
    is served changes."""
    for table, columns in {
        "organismes": ("name",),
        "structures": ("name",),
        "technicians": ("first_name", "last_name"),
        "news": ("title", "body"),
        "requests": ("requester", "service_title", "comment", "response"),
        "messages": ("author_name", "body"),
        "attachments": ("name",),
    }.items():
        for column in columns:
            connection.execute(
                f"UPDATE {table} SET {column} = {column} || ? WHERE {column} IS NOT NULL",  # noqa: S608
                (HOSTILE,),
            )
    for code, text in connection.execute("SELECT code, json FROM catalogues").fetchall():
        connection.execute(
            "UPDATE catalogues SET json = ? WHERE code = ?",
            (json.dumps(_spoiled(json.loads(text))), code),
        )
