"""The real ``ep-tui`` in a pseudo-terminal, read back through a terminal emulator (pyte):
the test types keys and reads the screen as a person would — no Pilot, no private API.

Waiting is on what the screen shows, never on time; the deadline only turns a hang into a
clear failure with the screen as it was."""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte

DEADLINE_SECONDS = 60.0
KEYS = {
    "enter": "\r", "tab": "\t", "escape": "\x1b", "space": " ", "down": "\x1b[B",
    "up": "\x1b[A", "ctrl+p": "\x10", "ctrl+s": "\x13", "ctrl+q": "\x11", "f3": "\x1bOR",
}  # fmt: skip


class Terminal:
    def __init__(self, command: list[str], home: Path, size: tuple[int, int] = (120, 40)):
        columns, lines = size
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.ByteStream(self.screen)
        self.written = bytearray()
        """Every byte the app wrote to its terminal."""
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        # Everything the app could write or read stays in the test's folder: no real config,
        # no real keyring.
        env = {
            "PATH": os.environ.get("PATH", ""), "TERM": "xterm-256color", "LANG": "C.UTF-8",
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
            # Nothing moves on its own (cursor, carousel, polling): a change on screen is
            # the answer to a key.
            "EP_TUI_CURSOR_BLINK": "false", "EP_TUI_NEWS_INTERVAL": "0",
            "EP_TUI_POLL_INTERVAL": "0",
        }  # fmt: skip
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
            close_fds=True,
        )  # fmt: skip
        os.close(slave)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            try:
                data = os.read(self.master, 65536)
            except OSError:  # the app exited: the pty is closed
                data = b""
            if data:
                self.written += data
                self.stream.feed(data)
                # Textual asks the terminal where the cursor is; answer as a terminal does.
                if b"\x1b[6n" in data:
                    y, x = self.screen.cursor.y + 1, self.screen.cursor.x + 1
                    os.write(self.master, f"\x1b[{y};{x}R".encode())

    def wait_for(self, what: str | Callable[[str], bool], deadline: float = DEADLINE_SECONDS):
        check = what if callable(what) else (lambda text: what in text)
        end = time.monotonic() + deadline
        while not check(self.text()):
            if self.process.poll() is not None:
                self._read(0)
                raise AssertionError(f"the app exited ({self.process.returncode}):\n{self.text()}")
            if time.monotonic() > end:
                raise AssertionError(f"never showed {what!r}; the screen:\n{self.text()}")
            self._read(0.1)
        return self.text()

    def cursor_on(self, placeholder: str) -> Callable[[str], bool]:
        """True once the input showing ``placeholder`` has the focus: its cursor cell, on the
        first letter, is painted in another colour than the letters after it."""

        def check(text: str) -> bool:
            for y, line in enumerate(text.splitlines()):
                if (x := line.find(placeholder)) >= 0:
                    row = self.screen.buffer[y]
                    return bool(row[x].bg != row[x + 1].bg)
            return False

        return check

    def find(self, pattern: str) -> str:
        found = re.search(pattern, self.text())
        assert found, f"{pattern!r} not on screen:\n{self.text()}"
        return found.group(1)

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode())  # a key by name, or a letter

    def _look(self) -> list[tuple[str, str, str]]:
        return [(c.data, c.fg, c.bg) for row in self.screen.buffer.values() for c in row.values()]

    def press_and_see(self, *keys: str) -> None:
        """Each key, then wait until the screen answers it (the focus moved, a list opened):
        keys sent faster than the app moves its focus would land in the previous field."""
        for key in keys:
            self._read(0)
            before = self._look()
            self.press(key)
            self.wait_for(lambda _, before=before: self._look() != before)

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        os.close(self.master)


def ep_tui(server_url: str) -> list[str]:
    return [sys.executable, "-m", "ep_tui", "--server", server_url]
