"""``ep-mock-server``: run the mock Espace Partenaires server."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from datetime import datetime
from typing import Any


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="ep-mock-server",
        description=(
            "Mock Espace Partenaires server: the whole technician workflow, a back office for "
            "agents, seeded demo data (accounts: mlapierre, vchausson, jbernard; agents: "
            "agent331, agent911…; password: demo). OpenAPI at /openapi.json."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, loopback only)",
    )
    parser.add_argument("--port", type=int, default=8765, help="port (default: 8765)")
    parser.add_argument(
        "--db",
        default=":memory:",
        help="SQLite file of the store (default: in memory, lost at exit)",
    )
    parser.add_argument(
        "--reset", action="store_true", help="restore the demo seed in the store before starting"
    )
    parser.add_argument(
        "--demo-agent",
        action="store_true",
        help="a simulated agent takes the requests filed from now on in charge after a minute, "
        "resolves them a few minutes later and answers follow-up messages",
    )
    parser.add_argument(
        "--enable-test-controls",
        action="store_true",
        help="mount /api/v1/_test (clock, faults, reset): never in production",
    )
    parser.add_argument(
        "--now",
        type=datetime.fromisoformat,
        default=None,
        help="freeze the clock at this ISO instant, e.g. 2026-11-22T09:00+01:00",
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (the demo data are not for a network)",
    )
    parser.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="close a connection whose request headers take longer (default: 10)",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=120.0,
        metavar="SECONDS",
        help="close a connection whose request body takes longer to arrive (default: 120)",
    )
    parser.add_argument(
        "--forwarded-allow-ips",
        default=None,
        metavar="ADDRESSES",
        help=(
            "behind a reverse proxy: the proxy addresses (comma-separated) whose "
            "X-Forwarded-For is trusted, so that sign-ins are throttled per real client "
            "(default: trust no header)"
        ),
    )
    parser.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        loopback = args.host == "localhost" or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback and not args.allow_remote:
        print(
            f"ep-mock-server: refusing to listen on {args.host} without --allow-remote",
            file=sys.stderr,
        )
        return 2

    import uvicorn

    from mock_server.app import create_app
    from mock_server.clock import Clock
    from mock_server.db import Database
    from mock_server.seed import seed

    clock = Clock(frozen_at=args.now)
    db = Database(args.db)
    if args.reset:
        seed(db, clock.now())
    app = create_app(db, clock=clock, test_controls=args.enable_test_controls,
                     demo_agent=args.demo_agent)  # fmt: skip

    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                **server_options(args))  # fmt: skip
    return 0


def server_options(args: argparse.Namespace) -> dict[str, Any]:
    """What uvicorn is told beside the address. Forwarded headers are trusted only from the
    proxies named: uvicorn's default trusts 127.0.0.1, so any local process could pose as
    many clients and slip past the sign-in throttle's per-client count."""
    from mock_server.slow_clients import with_timeouts

    return {
        "access_log": False,  # URLs carry history filters, which may hold a person's name.
        "http": with_timeouts(args.header_timeout, args.body_timeout),
        "proxy_headers": args.forwarded_allow_ips is not None,
        "forwarded_allow_ips": args.forwarded_allow_ips or "",
    }


if __name__ == "__main__":
    sys.exit(main())
