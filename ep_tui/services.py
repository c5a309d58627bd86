"""What screens need from outside: settings, the API client, the keyring, local state.

Given to each screen explicitly (dependency injection), so that tests build the app against
the mock server in process, a test keyring and temporary folders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ep_tui.config import LocalState, Settings
from ep_tui.credentials import Credentials

if TYPE_CHECKING:  # the screens get a client, they never import httpx themselves
    from ep_tui.api_client.client import EPClient


@dataclass
class Services:
    settings: Settings
    client: EPClient
    credentials: Credentials
    state: LocalState
    server_label: str
    """How the server is named to the technician (its URL, or « démonstration intégrée »)."""
