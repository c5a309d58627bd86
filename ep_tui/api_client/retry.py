"""How the clients wait for the server, try again, and say that it does not answer: the
app's (client.py) and the command line's (ep_tui.cli.plain)."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from ep_tui.api_client.errors import Unavailable

RETRYABLE_STATUSES = frozenset({502, 503, 504})
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 3
    base_delay: float = 0.3
    max_delay: float = 3.0

    def delay(self, attempt: int) -> float:
        """Exponential backoff with full jitter (attempt counts from 1)."""
        return random.uniform(0, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


def unreachable(base_url: str, error: httpx.TransportError) -> Unavailable:
    """A transport failure, said in French."""
    if isinstance(error, httpx.TimeoutException):
        why = "délai dépassé"
    elif isinstance(error, httpx.ConnectError):
        why = "connexion impossible"
    else:
        why = "connexion interrompue"
    return Unavailable(f"Le serveur {base_url} ne répond pas ({why}).")
