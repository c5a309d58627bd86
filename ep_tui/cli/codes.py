"""Exit codes of the command line: a script tells a refusal from an outage by the code alone.
Documented in README (« En ligne de commande ») and tested by tests/test_cli.py."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    OK = 0
    FAILED = 1
    """Anything not below (a bug of ours: the message says so); for ``doctor``, a check
    other than the server's failed."""
    USAGE = 2
    """The command or its options are wrong (argparse's own code)."""
    AUTH = 3
    """No password, a wrong one, or a session the server no longer accepts."""
    NOT_FOUND = 4
    """No such request, organisme or attachment (or not this structure's)."""
    REFUSED = 5
    """The portal's rules refuse it: a field, a state, a limit."""
    UNREACHABLE = 6
    """The server did not answer, or failed."""
