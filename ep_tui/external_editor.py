"""The comment in the technician's own editor (``$VISUAL``, then ``$EDITOR``).

The comment is personal data: it is written to a private temporary folder (0700, the file
0600) — in ``$XDG_RUNTIME_DIR`` when there is one (memory only, the user's alone, emptied at
log-out), else in the system's temporary folder — read back once the editor exits, and the
folder is removed with whatever the editor left there (swap and backup files): on success,
failure or crash of the editor, and when the app is told to stop while the editor is open
(SIGHUP: the SSH link dropped; SIGTERM). A folder left by a run that died anyway (SIGKILL,
a power cut) is swept at the next start (:func:`sweep_leftovers`): its name carries the
process that made it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

FILE_NAME = "commentaire.txt"
PREFIX = "ep-tui-"

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


def private_base(environ: Mapping[str, str] | None = None) -> Path | None:
    """``$XDG_RUNTIME_DIR`` when it is a folder of this user's that no one else can read;
    None for the system's temporary folder."""
    runtime = (os.environ if environ is None else environ).get("XDG_RUNTIME_DIR", "")
    if not runtime:
        return None
    try:
        info = os.stat(runtime)
    except OSError:
        return None
    mine = info.st_uid == os.getuid() and not stat.S_IMODE(info.st_mode) & 0o077
    return Path(runtime) if stat.S_ISDIR(info.st_mode) and mine else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_leftovers(bases: list[Path | None] | None = None) -> int:
    """Remove the folders earlier runs of this user left (their process is gone); how many."""
    removed = 0
    for base in bases if bases is not None else [private_base(), None]:
        folder = base or Path(tempfile.gettempdir())
        try:
            candidates = list(folder.glob(f"{PREFIX}*-*"))
        except OSError:
            continue
        for path in candidates:
            pid = path.name.removeprefix(PREFIX).split("-", 1)[0]
            try:
                info = path.lstat()
            except OSError:
                continue
            ours = stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            if ours and pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
    return removed


@contextmanager
def _removed_on_stop(folder: Path) -> Iterator[None]:
    """While the editor is open, SIGHUP and SIGTERM remove ``folder`` before the process
    ends as it would have (their former handlers are restored after)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = (signal.SIGHUP, signal.SIGTERM)
    former: dict[int, Any] = {signum: signal.getsignal(signum) for signum in signals}

    def stop(signum: int, frame: FrameType | None) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        handler = former[signum]
        if callable(handler):
            handler(signum, frame)
        else:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

    for signum in signals:
        signal.signal(signum, stop)
    try:
        yield
    finally:
        for number, handler in former.items():
            signal.signal(number, handler)


def edit_text(
    text: str, command: list[str], run: Runner = _run, base: Path | None = None
) -> str | None:
    """The text as the editor saved it; None when the editor failed (``:cq`` in vim), so that
    the comment is left as it was. Raises OSError when the editor cannot be started."""
    base = base or private_base()
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
    try:
        with _removed_on_stop(folder):
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
