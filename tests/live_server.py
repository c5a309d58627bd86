"""A real ``ep-mock-server`` process on 127.0.0.1, for the tests that need real sockets."""

from __future__ import annotations

import os
import selectors
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

READY_WITHIN_SECONDS = 60.0


def _drain(descriptor: int) -> None:
    try:
        while os.read(descriptor, 65536):
            pass
    except OSError:
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(db: Path, *extra: str, port: int | None = None) -> Iterator[str]:
    """Start the server, wait for uvicorn's own « running » line, stop it afterwards."""
    with running_server(db, *extra, port=port) as server:
        yield server.url


class RunningServer:
    def __init__(self, url: str, process: subprocess.Popen[bytes]) -> None:
        self.url = url
        self.process = process

    def kill(self) -> None:
        """As a crash or a pulled plug would: no graceful shutdown."""
        self.process.kill()
        self.process.wait(timeout=10)


@contextmanager
def running_server(db: Path, *extra: str, port: int | None = None) -> Iterator[RunningServer]:
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "mock_server",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--db",
        str(db),
        "--enable-test-controls",
        "--log-level",
        "info",
        *extra,
    ]
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env={**os.environ}
    )
    assert process.stderr is not None
    # Raw reads on the descriptor: a buffered readline() would pull several lines into
    # Python's buffer, where select() cannot see them, and wait for data it already has.
    descriptor = process.stderr.fileno()
    selector = selectors.DefaultSelector()
    selector.register(descriptor, selectors.EVENT_READ)
    deadline = time.monotonic() + READY_WITHIN_SECONDS
    seen = b""
    try:
        while b"Uvicorn running on" not in seen:
            if process.poll() is not None:
                raise RuntimeError(f"server exited: {seen.decode(errors='replace')}")
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                raise RuntimeError(f"server not ready in time: {seen.decode(errors='replace')}")
            seen += os.read(descriptor, 4096)
        # Keep reading what the server logs, or a full pipe would stop it mid-test.
        drain = threading.Thread(target=_drain, args=(descriptor,), daemon=True)
        drain.start()
        yield RunningServer(f"http://127.0.0.1:{port}", process)
    finally:
        selector.close()
        if process.poll() is None:
            process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()
