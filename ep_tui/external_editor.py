"""The comment in the technician's own editor (``$VISUAL``, then ``$EDITOR``).

The comment is personal data: it is written to a private temporary folder (0700, the file
0600), read back once the editor exits, and the folder is removed with whatever the editor
left there (swap and backup files) — on success, failure or crash of the editor alike.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

FILE_NAME = "commentaire.txt"

Runner = Callable[[list[str]], int]


FALLBACKS = ("nano", "vi")
"""Editors found on almost every system, the easier first, when none is named."""


def editor_command(
    environ: Mapping[str, str] | None = None, which: Callable[[str], str | None] = shutil.which
) -> tuple[list[str] | None, bool]:
    """The editor's command line (``EDITOR="code --wait"`` is two words), and whether the
    technician chose it (``$VISUAL``, ``$EDITOR``) rather than it being found on the system;
    (None, False) when there is none."""
    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        words = shlex.split(environ.get(name, "").strip())
        if words:
            return words, True
    for name in FALLBACKS:
        if path := which(name):
            return [path], False
    return None, False


def _run(command: list[str]) -> int:
    return subprocess.run(command, check=False).returncode


def edit_text(text: str, command: list[str], run: Runner = _run) -> str | None:
    """The text as the editor saved it; None when the editor failed (``:cq`` in vim), so that
    the comment is left as it was. Raises OSError when the editor cannot be started."""
    folder = Path(tempfile.mkdtemp(prefix="ep-tui-"))
    try:
        path = folder / FILE_NAME
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        if run([*command, str(path)]) != 0:
            return None
        edited = path.read_text(encoding="utf-8", errors="replace")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # Editors end the file with a newline the technician did not type.
    return edited.removesuffix("\n") if not text.endswith("\n") else edited
