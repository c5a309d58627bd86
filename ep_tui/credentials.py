"""« Se souvenir de moi »: the password in the system keyring, never in a file.

A headless server usually has no keyring backend: then the option is unavailable and says
why — never a crash, never a plaintext fallback.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

log = logging.getLogger("ep_tui.credentials")
SERVICE_PREFIX = "ep-tui"
UNAVAILABLE_REASON = (
    "Aucun trousseau de clés sur ce système : le mot de passe ne peut pas être mémorisé."
)


@dataclass(frozen=True, slots=True)
class KeyringStatus:
    available: bool
    reason: str | None = None
    backend: str | None = None


class Credentials:
    """Read, store and forget a password per (server, identifiant)."""

    def __init__(self, backend: object | None = None) -> None:
        # Imported here: keyring discovers its backends at import, which costs start-up time.
        import keyring

        self._keyring = backend if backend is not None else keyring.get_keyring()

    def status(self) -> KeyringStatus:
        from keyring.backends import chainer, fail, null

        backend = self._keyring
        name = type(backend).__module__ + "." + type(backend).__name__
        if isinstance(backend, fail.Keyring | null.Keyring):
            return KeyringStatus(False, UNAVAILABLE_REASON, name)
        if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
            return KeyringStatus(False, UNAVAILABLE_REASON, name)
        return KeyringStatus(True, None, name)

    @property
    def backend(self) -> object | None:
        """The usable keyring backend, or None (the drafts' key then goes to a private file)."""
        return self._keyring if self.status().available else None

    @staticmethod
    def _service(server_url: str) -> str:
        return f"{SERVICE_PREFIX}:{server_url.rstrip('/')}"

    def load(self, server_url: str, username: str) -> str | None:
        if not self.status().available or not username:
            return None
        try:
            return self._keyring.get_password(self._service(server_url), username)  # type: ignore[attr-defined]
        except Exception as error:  # any backend failure: act as if nothing was stored
            log.warning("keyring read failed: %s", type(error).__name__)
            return None

    def store(self, server_url: str, username: str, password: str) -> bool:
        if not self.status().available:
            return False
        try:
            self._keyring.set_password(self._service(server_url), username, password)  # type: ignore[attr-defined]
            return True
        except Exception as error:
            log.warning("keyring write failed: %s", type(error).__name__)
            return False

    def forget(self, server_url: str, username: str) -> None:
        if not self.status().available:
            return
        # Nothing stored, or the backend refuses: either way nothing is left to forget.
        with contextlib.suppress(Exception):
            self._keyring.delete_password(self._service(server_url), username)  # type: ignore[attr-defined]
