"""``ep-mock-server``: run the mock Espace Partenaires server."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from datetime import datetime


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
    app = create_app(db, clock=clock, test_controls=args.enable_test_controls)
    # access_log off: URLs carry history filters, which may hold a person's name.
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
