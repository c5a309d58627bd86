"""The command line, whole process (issue 19): two reading commands from launch to exit,
each paired run by run with a bare Python script that makes the same HTTP calls with httpx
and prints what it read — against the same mock server on 127.0.0.1, the password on
standard input for both. ``ep-tui organismes`` (sign in, the organismes, sign out; the bare
script prints their names) and ``ep-tui demande NUMERO --format json`` (a request's detail,
the largest answer; the bare script prints its JSON). Target: ≤ 1.5× the bare script
(a reading command, issue 19; ep_tui.cli.plain says how it is met).

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

NUMBER = "2633100117"
SIGNED_IN = """
import json, sys, httpx
with httpx.Client(base_url=sys.argv[1]) as http:
    password = sys.stdin.readline().strip()
    token = http.post("/api/v1/session",
                      json={"username": "mlapierre", "password": password}).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    %s
    http.delete("/api/v1/session", headers=headers)
"""
BARE = (
    SIGNED_IN
    % """for organisme in http.get("/api/v1/organismes", headers=headers).json():
        print(organisme["name"])"""
)
BARE_DETAIL = (
    SIGNED_IN
    % f"""detail = http.get("/api/v1/requests/{NUMBER}", headers=headers).json()
    print(json.dumps(detail, ensure_ascii=False, indent=2))"""
)


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


def _timed(command: list[str], env: dict[str, str], expected: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, input="demo\n", capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)  # fmt: skip
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or expected not in done.stdout:
        raise RuntimeError(f"{command[1]}: {done.returncode} {done.stderr}")
    return elapsed


def run(rounds: int = 15) -> dict:
    """Per command (``organismes``, ``demande``): medians of both sides, their ratio, and the
    ratio of each pair sorted."""
    with tempfile.TemporaryDirectory() as folder, _server(Path(folder)) as url:
        home = Path(folder) / "home"
        env = {key: value for key, value in os.environ.items()
               if key != "PYTHONDONTWRITEBYTECODE"}  # fmt: skip
        env.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
                    "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data"),
                    "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})  # fmt: skip
        user = ["--serveur", url, "--identifiant", "mlapierre", "--mot-de-passe-stdin"]
        pairs = {
            "organismes": ([PYTHON, "-c", BARE, url], [SCRIPT, "organismes", *user],
                           "CPAM GIRONDE"),
            "demande": ([PYTHON, "-c", BARE_DETAIL, url],
                        [SCRIPT, "demande", NUMBER, "--format", "json", *user], NUMBER),
        }  # fmt: skip
        for bare, cli, expected in pairs.values():  # bytecode caches written, server warm
            _timed(bare, env, expected)
            _timed(cli, env, expected)
        samples = {name: ([], []) for name in pairs}
        for _ in range(rounds):
            for name, (bare, cli, expected) in pairs.items():
                samples[name][0].append(_timed(bare, env, expected))
                samples[name][1].append(_timed(cli, env, expected))
    results: dict = {"rounds": rounds}
    for name, (bare_times, cli_times) in samples.items():
        bare_ms, cli_ms = statistics.median(bare_times), statistics.median(cli_times)
        results[name] = {
            "bare_ms": bare_ms * 1000,
            "cli_ms": cli_ms * 1000,
            "ratio": cli_ms / bare_ms,
            "pair_ratios": sorted(c / b for b, c in zip(bare_times, cli_times, strict=True)),
        }
    return results


if __name__ == "__main__":
    print(run())
