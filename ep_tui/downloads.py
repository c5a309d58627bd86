"""Files the app writes for the technician — received attachments, CSV exports — in the
downloads folder: names made safe, never overwriting a file, readable by their owner only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from ep_contract.domain.attachments import safe_filename
from ep_tui.config import private_folder

_MAX_TRIES = 1000


def open_new_file(folder: Path, name: str) -> tuple[Path, BinaryIO]:
    """Create a file that did not exist, « name (1).pdf » and so on if it did; the name cannot
    leave ``folder`` (separators and leading dots are gone) and the file is 0600."""
    private_folder(folder, own=False)  # private when the app creates it, left as it is if not
    safe = safe_filename(name)
    stem, dot, extension = safe.rpartition(".")
    if not dot:
        stem, extension = safe, ""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for attempt in range(_MAX_TRIES):
        candidate = safe if attempt == 0 else f"{stem} ({attempt}){dot}{extension}"
        path = folder / candidate
        try:
            # O_EXCL: created here or not at all — never someone else's file, even if it
            # appears between two checks.
            descriptor = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        return path, os.fdopen(descriptor, "wb")
    raise FileExistsError(f"Trop de fichiers nommés « {safe} » dans {folder}.")


def save_new_file(folder: Path, name: str, content: bytes) -> Path:
    path, handle = open_new_file(folder, name)
    with handle:
        handle.write(content)
    return path


def shown_path(path: Path) -> str:
    """A path as the technician reads it: « ~/Téléchargements/… » under their home folder
    (shorter on an 80-column screen), in full elsewhere."""
    try:
        inside = path.relative_to(Path.home())
    except ValueError:
        return str(path)
    return "~" if inside == Path() else f"~/{inside}"
