"""Bytes written to the terminal: over SSH every byte travels, so what a key, a move in a list,
a change of screen and an idle minute cost is measured in the real app, in a pseudo-terminal
at 80×24, beside a bare Textual app doing the same (bench/bare_app.py).

What is counted: every byte the process writes to its terminal from the key sent until the
output has been quiet for ``QUIET`` seconds (a frame that follows another is included). A
full repaint of a screen is what it writes when the terminal is resized to its own size
again (Textual then draws every cell). Targets (issue 14): a move in a list ≤ 1.5× the bare
app's; a change of screen ≤ 1.5 full repaints of the new screen; idle with the carousel
still, 0 bytes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

import pyte

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
QUIET = 0.35
"""Seconds without output after which a reaction is over."""
IDLE_SECONDS = float(os.environ.get("BENCH_IDLE_SECONDS", "60"))
KEYS = {
    "enter": "\r", "tab": "\t", "escape": "\x1b", "down": "\x1b[B", "up": "\x1b[A",
    "ctrl+p": "\x10", "ctrl+s": "\x13", "f2": "\x1bOQ", "f3": "\x1bOR",
}  # fmt: skip


class Terminal:
    """A program in a pseudo-terminal, its output counted and read through pyte."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.size = size
        self.screen = pyte.Screen(*size)
        self.stream = pyte.ByteStream(self.screen)
        self.master, slave = os.openpty()
        self._set_size(slave, size)
        self.process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave,
                                        env=env, cwd=ROOT, start_new_session=True)  # fmt: skip
        os.close(slave)

    @staticmethod
    def _set_size(fd: int, size: tuple[int, int]) -> None:
        columns, lines = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    def _read(self, timeout: float) -> int:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return 0
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            return 0
        self.stream.feed(data)
        if b"\x1b[6n" in data:  # Textual asks where the cursor is: answer as a terminal
            y, x = self.screen.cursor.y + 1, self.screen.cursor.x + 1
            os.write(self.master, f"\x1b[{y};{x}R".encode())
        return len(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, marker: str, deadline: float = 60.0) -> int:
        """Bytes read until ``marker`` is on screen and the output is quiet."""
        count = 0
        end = time.monotonic() + deadline
        while marker not in self.text():
            if time.monotonic() > end:
                raise RuntimeError(f"« {marker} » never showed:\n{self.text()}")
            count += self._read(0.1)
        return count + self.quiet()

    def quiet(self, quiet: float = QUIET) -> int:
        count = 0
        while True:
            read = self._read(quiet)
            if not read:
                return count
            count += read

    def press(self, *keys: str) -> int:
        """Bytes written in answer to the keys."""
        self.quiet()
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode())
        return self.quiet()

    def repaint(self) -> int:
        """Bytes of a full repaint: resized to one column more, then back (the second
        answer is counted)."""
        columns, lines = self.size
        self.quiet()
        for size in ((columns + 1, lines), (columns, lines)):
            self._set_size(self.master, size)
            self.screen.resize(lines=size[1], columns=size[0])
            os.killpg(self.process.pid, signal.SIGWINCH)
            if size == self.size:
                break
            self.quiet()
        return self.quiet()

    def idle(self, seconds: float) -> int:
        self.quiet()
        count = 0
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            count += self._read(min(left, 1.0))
        return count

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.master)


def _env(home: str, **extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("EP_TUI_")},
        "HOME": home, "XDG_CONFIG_HOME": f"{home}/c", "XDG_DATA_HOME": f"{home}/d",
        "XDG_STATE_HOME": f"{home}/s", "XDG_CACHE_HOME": f"{home}/cache",
        "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "EP_TUI_POLL_INTERVAL": "0", **extra,
    }  # fmt: skip


def _per_step(terminal: Terminal, keys: list[str]) -> list[int]:
    return [terminal.press(key) for key in keys]


def bare(home: str) -> dict:
    terminal = Terminal([PYTHON, "bench/bare_app.py"], _env(home), (80, 24))
    try:
        terminal.wait_for("Bare ready")
        moves = _per_step(terminal, ["down"] * 6)
        terminal.press("tab")
        keys = _per_step(terminal, list("lapierre"))
        idle = terminal.idle(IDLE_SECONDS)
        change = terminal.press("f3")
        repaint = terminal.repaint()
        return {"move": statistics.median(moves), "key": statistics.median(keys),
                "change": change, "repaint": repaint, "idle": idle}  # fmt: skip
    finally:
        terminal.close()


def ep_tui(home: str, *, carousel: float = 0) -> dict:
    env = _env(home, EP_TUI_NEWS_INTERVAL=str(carousel), EP_TUI_CURSOR_BLINK="false")
    terminal = Terminal([PYTHON, "-m", "ep_tui", "--demo"], env, (80, 24))
    result: dict = {}
    try:
        terminal.wait_for("Connexion")
        terminal.press(*"mlapierre", "enter", *"demo", "enter")
        terminal.wait_for("Sélectionner l'organisme")
        # BEARN, COTE D'OPALE, DORDOGNE, ESSONNE, GIRONDE, LANDES, LOT: to LOT and back.
        terminal.press("down")
        result["organisme_move"] = statistics.median(_per_step(terminal, ["down"] * 5 + ["up"] * 2))
        if carousel:
            terminal.press("enter")
            terminal.wait_for("Offres de services")
            result["idle"] = terminal.idle(IDLE_SECONDS)
            return result
        result["home_change"] = terminal.press("enter") + terminal.wait_for("Offres de services")
        result["home_repaint"] = terminal.repaint()
        result["idle"] = terminal.idle(IDLE_SECONDS)
        result["history_change"] = terminal.press("f3") + terminal.wait_for("demandes · page")
        result["history_repaint"] = terminal.repaint()
        result["history_move"] = statistics.median(_per_step(terminal, ["down"] * 8))
        result["detail_change"] = terminal.press("enter") + terminal.wait_for("Numéro demande")
        result["detail_repaint"] = terminal.repaint()
        terminal.press("escape")
        terminal.press("f2")
        terminal.press("ctrl+p")
        terminal.press(*"rendez-vous pour")
        result["form_change"] = terminal.press("enter") + terminal.wait_for("Personne")
        result["form_repaint"] = terminal.repaint()
        terminal.press("tab", "tab")  # motif, civilité, then Nom
        result["key"] = statistics.median(_per_step(terminal, list("lapierre")))
        return result
    finally:
        terminal.close()


def run() -> dict:
    # A home of its own for each run: a remembered identifiant would change the first keys.
    with (
        tempfile.TemporaryDirectory() as a,
        tempfile.TemporaryDirectory() as b,
        tempfile.TemporaryDirectory() as c,
    ):
        yardstick = bare(a)
        still = ep_tui(b)
        moving = ep_tui(c, carousel=8)
    return {"bare": yardstick, "ep": still, "carousel_idle": moving["idle"],
            "idle_seconds": IDLE_SECONDS}  # fmt: skip


if __name__ == "__main__":
    print(run())
