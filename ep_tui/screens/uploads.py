"""Files for a « Pièces jointes » block, off the UI: reading and checking one before it is
sent (ep_tui.screens.form_screen sends it), and the system viewer that « Voir » opens."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ep_contract.domain.attachments import MAX_SIZE, check_attachment


@dataclass(frozen=True)
class ReadFile:
    """A file read and checked for upload, with its digests."""

    content: bytes
    sha256: str
    """Of the content: to send it again from disk only if it is unchanged."""
    key_part: str
    """Of the name and the content: two files that differ only by their name are two
    uploads, and a retry of the same one sends nothing twice."""


def read_for_upload(path: Path) -> ReadFile | str:
    """The file, or what is wrong with it (in French, without its name). Blocking — up to
    5 MB read and hashed twice: run in a thread, never on the UI's loop."""
    try:
        if path.stat().st_size > MAX_SIZE:  # said before reading the file, let alone sending it
            return "le fichier dépasse la taille maximum de 5 Mo."
        content = path.read_bytes()
    except OSError as error:
        return f"fichier illisible ({error.strerror})."
    if problem := check_attachment(path.name, content):
        return problem
    return ReadFile(
        content,
        hashlib.sha256(content).hexdigest(),
        hashlib.sha256(path.name.encode() + b"\0" + content).hexdigest()[:24],
    )


def viewer_command(
    path: Path, platform: str = sys.platform, env: Mapping[str, str] = os.environ
) -> list[str] | None:
    """The command that opens ``path`` with the system's viewer, or None where it would open
    out of sight (over SSH: on the server) or there is none."""
    if env.get("SSH_CONNECTION") or env.get("SSH_TTY"):
        return None
    if platform == "darwin":
        return ["open", str(path)]
    if platform.startswith("win"):
        return ["cmd", "/c", "start", "", str(path)]
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return None
    opener = shutil.which("xdg-open")
    return [opener, str(path)] if opener else None
