"""Failed sign-ins, counted per account and per client, so that passwords cannot be guessed
by the hundred (issue 15: 200 wrong passwords at 14/s went through).

- An account (known or not: the answer must not tell which exist) is refused for the rest
  of the window after ``ACCOUNT_FAILURES`` failures in ``WINDOW_SECONDS``; the right
  password then waits too — checking it would let the guessing go on.
- A client address is refused after ``CLIENT_FAILURES`` failures in the window, whatever
  the accounts tried (a spray of one password over many accounts).
- An attempt takes its place in the counts *before* its password is checked, and gives it
  back if the password was right (which also clears the account's count): a hundred
  concurrent attempts cannot all slip in before the first failure is counted.

Refusals are ``429`` problems with ``Retry-After``. The counts live in memory (a restart
forgets them) and on the server's clock (tests move it instead of waiting).
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from mock_server.problems import ProblemError

WINDOW_SECONDS = 15 * 60
ACCOUNT_FAILURES = 5
CLIENT_FAILURES = 20
MAX_TRACKED = 10_000
"""Keys kept at most; the least recently failed go first (a flood of invented usernames
must not grow the server's memory without bound)."""

TOO_MANY = (
    "Trop de tentatives de connexion ont échoué. Réessayez dans {minutes} ; si vous avez "
    "oublié votre mot de passe, contactez votre administrateur."
)


@dataclass
class SignInThrottle:
    window: int = WINDOW_SECONDS
    account_failures: int = ACCOUNT_FAILURES
    client_failures: int = CLIENT_FAILURES
    _failures: OrderedDict[str, deque[float]] = field(default_factory=OrderedDict)

    def _limit(self, key: str) -> int:
        return self.account_failures if key.startswith("account:") else self.client_failures

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, keys: list[str], now: float) -> int | None:
        """Seconds until every key is under its limit again; ``None`` when none is over."""
        waits = [
            times[-self._limit(key)] + self.window - now
            for key in keys
            if len(times := self._recent(key, now)) >= self._limit(key)
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    @contextmanager
    def attempt(self, role: str, username: str, client: str | None, now: float) -> Iterator[None]:
        """Around one check of a password: refused with 429 when a limit is reached; counted
        as a failure unless the block ends without an exception."""
        keys = [f"account:{role}:{username.casefold()}"]
        if client:
            keys.append(f"client:{client}")
        if (wait := self.retry_after(keys, now)) is not None:
            raise too_many(wait)
        for key in keys:
            self._failures.setdefault(key, deque()).append(now)
            self._failures.move_to_end(key)
        while len(self._failures) > MAX_TRACKED:
            self._failures.popitem(last=False)
        yield  # an exception (the password was wrong) leaves the attempt counted
        self._failures.pop(keys[0], None)  # the account's owner is back: a clean slate
        if client and (times := self._failures.get(keys[1])):
            times.remove(now)


def too_many(seconds: int) -> ProblemError:
    minutes = max(1, math.ceil(seconds / 60))
    said = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return ProblemError(
        429, TOO_MANY.format(minutes=said), code="too_many_attempts",
        headers={"Retry-After": str(seconds)},
    )  # fmt: skip
