"""Slow clients cannot hold the server's connections (issue 15): a real ``ep-mock-server``
with short deadlines; connections that send nothing, half their headers, or half their body
are closed once the deadline passes, while a whole request is answered meanwhile. The waits
are on the server closing each socket; the socket timeout only turns a hang into a failure."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.live_server import live_server

pytestmark = pytest.mark.network

HANG_SECONDS = 30.0

SLOW = [
    b"",  # connects, sends nothing
    b"GET /api/v1/me HTTP/1.1\r\nHost: ep\r\nX-Slow: ",  # headers never finished
    b"POST /api/v1/session HTTP/1.1\r\nHost: ep\r\nContent-Type: application/json\r\n"
    b'Content-Length: 100\r\n\r\n{"username": ',  # body never finished
]


def closed_by_the_server(sock: socket.socket) -> bool:
    sock.settimeout(HANG_SECONDS)
    try:
        while chunk := sock.recv(4096):
            assert b"HTTP/1.1 2" not in chunk  # never answered as if complete
        return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_slow_requests_are_cut_and_the_server_goes_on(tmp_path: Path) -> None:
    options = ("--header-timeout", "0.5", "--body-timeout", "0.5")
    with live_server(tmp_path / "store.sqlite3", *options) as url:
        address = urlsplit(url)
        sockets = []
        for _ in range(20):
            for start in SLOW:
                sock = socket.create_connection((address.hostname, address.port))
                sock.sendall(start)
                sockets.append(sock)
        answer = httpx.post(f"{url}/api/v1/session",
                            json={"username": "mlapierre", "password": "demo"})  # fmt: skip
        assert answer.status_code == 201
        try:
            assert all(closed_by_the_server(sock) for sock in sockets)
        finally:
            for sock in sockets:
                sock.close()
