"""What screens need from outside: settings, the API client, the keyring, local state.

Given to each screen explicitly (dependency injection), so that tests build the app against
the mock server in process, a test keyring and temporary folders.

The client (httpx, pydantic) and the keyring (its backends' discovery) are built on first
use: the sign-in screen is drawn without them, and :meth:`warm_up` builds them in a thread
while the technician types (bench/RESULTS.md).
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from ep_contract.domain.dates import paris_now, paris_today
from ep_tui.config import LocalState, Settings

if TYPE_CHECKING:  # the screens get a client, they never import httpx themselves
    from ep_tui.api_client.client import EPClient
    from ep_tui.credentials import Credentials


class Services:
    def __init__(
        self,
        settings: Settings,
        client: EPClient | Callable[[], EPClient],
        credentials: Credentials | Callable[[], Credentials],
        state: LocalState,
        server_label: str,
        today: Callable[[], date] = paris_today,
        now: Callable[[], datetime] = paris_now,
    ) -> None:
        self.settings = settings
        self.state = state
        self.server_label = server_label
        """How the server is named to the technician (its URL, or « démonstration intégrée »)."""
        self.today = today
        """Today's date in Paris, for the rules that depend on it (the tests freeze it)."""
        self.now = now
        self._client = client
        self._credentials = credentials
        self._reauthenticate: Callable[[], Awaitable[bool]] | None = None
        self._lock = threading.Lock()

    def _built(self, candidate: object, attribute: str) -> bool:
        return not callable(candidate) or hasattr(candidate, attribute)

    @property
    def client(self) -> EPClient:
        with self._lock:
            if not self._built(self._client, "sign_in"):
                self._client = self._client()  # type: ignore[operator]
                self._client.reauthenticate = self._reauthenticate
            return self._client  # type: ignore[return-value]

    @client.setter
    def client(self, value: EPClient) -> None:
        value.reauthenticate = self._reauthenticate
        self._client = value

    def on_session_expired(self, hook: Callable[[], Awaitable[bool]]) -> None:
        """The client's 401 hook, attached now or when the client is built."""
        with self._lock:
            self._reauthenticate = hook
            if self._built(self._client, "sign_in"):
                self._client.reauthenticate = hook  # type: ignore[union-attr]

    @property
    def credentials(self) -> Credentials:
        with self._lock:
            if callable(self._credentials) and not hasattr(self._credentials, "status"):
                self._credentials = self._credentials()
            return self._credentials  # type: ignore[return-value]

    def warm_up(self) -> None:
        """Build the client and the keyring now (called from a thread after the first paint)."""
        self.client  # noqa: B018 - built for its side effect
        self.credentials.status()
        # The wire models are needed at the first answer: import them now too.
        import ep_contract.wire  # noqa: F401
