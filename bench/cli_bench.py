"""The command line, whole process (issue 19): ``ep-tui organismes`` from launch to exit,
paired run by run with a bare Python script that makes the same HTTP calls with httpx
(sign in, the organismes, sign out) and prints their names — against the same mock server
on 127.0.0.1, the password on standard input for both. Target: ≤ 1.5× the bare script.

Both run as an installed program does, with Python's bytecode caches (the sandbox this was
written in sets PYTHONDONTWRITEBYTECODE, which would make every run compile every module:
that variable is removed, and each command runs once before the measure).
"""

from __future__ import annotations

import os
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCRIPT = str(Path(PYTHON).parent / "ep-tui")
NOW = "2026-11-22T10:00+01:00"

BARE = """
import sys, httpx
with httpx.Client(base_url=sys.argv[1]) as http:
    password = sys.stdin.readline().strip()
    token = http.post("/api/v1/session",
                      json={"username": "mlapierre", "password": password}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    for organisme in http.get("/api/v1/organismes", headers=headers).json():
        print(organisme["name"])
    http.delete("/api/v1/session", headers=headers)
"""


@contextmanager
def _server(folder: Path) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [PYTHON, "-m", "mock_server", "--port", str(port), "--db", str(folder / "s.sqlite3"),
         "--now", NOW, "--log-level", "info"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=ROOT,
    )  # fmt: skip
    assert process.stderr is not None
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"Uvicorn running on" not in seen:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"mock server not ready: {seen.decode(errors='replace')}")
            if selector.select(timeout=1):
                seen += os.read(process.stderr.fileno(), 4096)
        yield f"http://127.0.0.1:{port}"
    finally:
        selector.close()
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, input="demo\n", capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or "CPAM GIRONDE" not in done.stdout:
        raise RuntimeError(f"{command[1]}: {done.returncode} {done.stderr}")
    return elapsed


def run(rounds: int = 15) -> dict:
    with tempfile.TemporaryDirectory() as folder, _server(Path(folder)) as url:
        home = Path(folder) / "home"
        env = {key: value for key, value in os.environ.items()
               if key != "PYTHONDONTWRITEBYTECODE"}  # fmt: skip
        env.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
                    "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data"),
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})  # fmt: skip
        commands = {
            "bare": [PYTHON, "-c", BARE, url],
            "cli": [SCRIPT, "organismes", "--serveur", url, "--identifiant", "mlapierre",
                    "--mot-de-passe-stdin"],
        }  # fmt: skip
        for command in commands.values():  # bytecode caches written, server warm
            _timed(command, env)
        samples: dict[str, list[float]] = {"bare": [], "cli": []}
        for _ in range(rounds):
            for name, command in commands.items():
                samples[name].append(_timed(command, env))
    bare, cli = statistics.median(samples["bare"]), statistics.median(samples["cli"])
    return {
        "rounds": rounds,
        "bare_ms": bare * 1000,
        "cli_ms": cli * 1000,
        "ratio": cli / bare,
        "pair_ratios": sorted(c / b for b, c in zip(samples["bare"], samples["cli"], strict=True)),
    }


if __name__ == "__main__":
    print(run())
