"""Whole-process start-up: from launch to the first screen drawn, in a real pseudo-terminal,
paired run by run with a minimal Textual app (Header, Label, Footer) on the same machine.

The clock stops when the first screen's text reaches the terminal (« Connexion » for ep-tui,
« Minimal ready » for the yardstick); the peak memory is the process's VmHWM at that moment.
Targets (issue 3): ``ep-tui --server URL`` ≤ 1.5× the time and ≤ 1.5× the peak memory of the
yardstick; ``ep-tui --demo`` ≤ 2× its time.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TIMEOUT = 30.0


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def measure(command: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, int]:
    """Seconds until ``marker`` is drawn, and peak resident memory (KiB) by then."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        while True:
            remaining = TIMEOUT - (time.perf_counter() - started)
            if remaining <= 0:
                raise RuntimeError(f"{command[-1]}: not ready in {TIMEOUT}s")
            readable, _, _ = select.select([master], [], [], remaining)
            if not readable:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                raise RuntimeError(f"{command}: exited before drawing: {seen[-500:]!r}")
            # Search before trimming: a first paint is one large chunk, the marker anywhere.
            seen += chunk
            if marker in seen:
                elapsed = time.perf_counter() - started
                return elapsed, _peak_kib(process.pid)
            seen = seen[-len(marker) :]
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(master)


def run(rounds: int = 15) -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("EP_TUI_")},
            "HOME": home,
            "XDG_CONFIG_HOME": f"{home}/c",
            "XDG_DATA_HOME": f"{home}/d",
            "XDG_STATE_HOME": f"{home}/s",
            "XDG_CACHE_HOME": f"{home}/cache",
            "TERM": "xterm-256color",
            "COLUMNS": "120",
            "LINES": "40",
        }
        commands = {
            "minimal": ([PYTHON, "bench/minimal_app.py"], b"Minimal ready"),
            "server": ([PYTHON, "-m", "ep_tui", "--server", "http://127.0.0.1:9"], b"Connexion"),
            "demo": ([PYTHON, "-m", "ep_tui", "--demo"], b"Connexion"),
        }
        for command, marker in commands.values():  # warm the OS file cache once
            measure(command, marker, env)
        results: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, (command, marker) in commands.items():
                results[name].append(measure(command, marker, env))
    minimal = results["minimal"]

    def paired(name: str) -> dict:
        times = [r[0] / m[0] for r, m in zip(results[name], minimal, strict=True)]
        memory = [r[1] / m[1] for r, m in zip(results[name], minimal, strict=True)]
        return {
            "time_ms": statistics.median(r[0] for r in results[name]) * 1000,
            "peak_mib": statistics.median(r[1] for r in results[name]) / 1024,
            "time_ratio": statistics.median(times),
            "time_ratio_max": max(times),
            "memory_ratio": statistics.median(memory),
        }

    return {
        "rounds": rounds,
        "minimal": {
            "time_ms": statistics.median(m[0] for m in minimal) * 1000,
            "peak_mib": statistics.median(m[1] for m in minimal) / 1024,
        },
        "server": paired("server"),
        "demo": paired("demo"),
    }


if __name__ == "__main__":
    print(run(rounds=int(sys.argv[1]) if len(sys.argv) > 1 else 5))
