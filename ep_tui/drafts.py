"""Local drafts of unsent forms: saved as the technician types, surviving a killed terminal, a
crash, a network failure or an expired session; offered back when the same form is opened;
removed when the request is filed or the draft discarded; expired after 15 days.

They hold personal data, so they are encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256),
each account's in a folder of its own, with a key kept in the system keyring where one
exists. Without a keyring, each account's key is stored wrapped by a key derived from the
technician's password (scrypt): whoever reads the folder cannot open the drafts; the app
opens them once the technician has signed in (:meth:`DraftStore.unlock`). After a change
of password, the key cannot be unwrapped any more: the account's drafts of before are
deleted, and the form said so beforehand (``PROTECTION_PASSWORD``). File names are hashes:
no name, no date of birth in them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ep_tui.config import write_private

EXPIRY_SECONDS = 15 * 86_400
KEYRING_SERVICE = "ep-tui-drafts"
KEYRING_USER = "encryption-key"
PROTECTION_KEYRING = "Brouillon chiffré (clé dans le trousseau du système)."
PROTECTION_PASSWORD = (
    "Brouillon chiffré par votre mot de passe : après un changement de mot de passe, il ne "
    "pourra plus être rouvert."
)
# scrypt's cost for the key that wraps the drafts' key: ~0.1 s and 32 MiB, once a sign-in.
_KDF_N, _KDF_R, _KDF_P = 2**15, 8, 1


class DraftsLocked(Exception):
    """No key for this account yet: without a keyring, it is unwrapped at sign-in."""


@dataclass
class Draft:
    server_url: str
    username: str
    organisme_code: str
    service_code: str
    values: dict[str, Any]
    idempotency_key: str
    """Kept with the draft: a VALIDER retried after a crash is the same request, never two."""
    attachments: list[dict[str, Any]] = field(default_factory=list)
    saved_at: float = 0.0


def _slot(server_url: str, username: str, organisme_code: str, service_code: str) -> str:
    identity = "|".join((server_url.rstrip("/"), username, organisme_code, service_code))
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def _account(server_url: str, username: str) -> str:
    identity = "|".join(("account", server_url.rstrip("/"), username))
    return hashlib.sha256(identity.encode()).hexdigest()[:32]


def _wrapping_key(password: str, salt: bytes) -> bytes:
    derived = hashlib.scrypt(password.encode(), salt=salt, n=_KDF_N, r=_KDF_R, p=_KDF_P,
                             maxmem=64 * 1024 * 1024, dklen=32)  # fmt: skip
    return base64.urlsafe_b64encode(derived)


class DraftStore:
    def __init__(self, folder: Path, keyring_backend: object | None) -> None:
        self.folder = folder
        self._keyring = keyring_backend
        self._shared: Any = None
        """The keyring's key, for every account; None without a keyring."""
        self._ciphers: dict[str, Any] = {}
        """Without a keyring: account → its unwrapped key."""
        self.protection = ""
        self.lost_to_password_change = 0
        """Drafts deleted at the last unlock: the password had changed since they were saved."""

    def _keyring_cipher(self) -> Any:
        if self._shared is None and self._keyring is not None:
            from cryptography.fernet import Fernet

            key = self._key_from_keyring()
            if key is not None:
                self._shared = Fernet(key)
                self.protection = PROTECTION_KEYRING
        return self._shared

    def _cipher(self, server_url: str, username: str) -> Any:
        shared = self._keyring_cipher()
        if shared is not None:
            return shared
        try:
            return self._ciphers[_account(server_url, username)]
        except KeyError:
            raise DraftsLocked from None

    def unlock(self, server_url: str, username: str, password: str) -> None:
        """After a sign-in, with the password that opened it: without a keyring, the account's
        key is unwrapped (created at the first sign-in). Slow on purpose (scrypt): call it
        off the event loop."""
        if self._keyring_cipher() is not None:
            return
        from cryptography.fernet import Fernet, InvalidToken

        account = _account(server_url, username)
        folder = self.folder / account
        path = folder / "key"
        key = None
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            salt = base64.b64decode(stored["salt"])
            key = Fernet(_wrapping_key(password, salt)).decrypt(stored["key"].encode())
        except (OSError, ValueError, KeyError, InvalidToken):
            # None yet, damaged, or wrapped by a password changed since: what it protected
            # can no longer be opened, and is deleted rather than left to rot.
            self.lost_to_password_change = self._forget(folder) if path.exists() else 0
        if key is None:
            key = Fernet.generate_key()
            salt = os.urandom(16)
            wrapped = Fernet(_wrapping_key(password, salt)).encrypt(key).decode()
            write_private(path, json.dumps({"salt": base64.b64encode(salt).decode(),
                                            "key": wrapped}))  # fmt: skip
        self._ciphers[account] = Fernet(key)
        self.protection = PROTECTION_PASSWORD

    @staticmethod
    def _forget(folder: Path) -> int:
        drafts = list(folder.glob("*.draft"))
        for path in [*drafts, folder / "key"]:
            path.unlink(missing_ok=True)
        return len(drafts)

    def _key_from_keyring(self) -> bytes | None:
        if self._keyring is None:
            return None
        from cryptography.fernet import Fernet

        try:
            stored = self._keyring.get_password(KEYRING_SERVICE, KEYRING_USER)  # type: ignore[attr-defined]
            if stored:
                return stored.encode()
            key = Fernet.generate_key()
            self._keyring.set_password(KEYRING_SERVICE, KEYRING_USER, key.decode())  # type: ignore[attr-defined]
            return key
        except Exception:  # no usable backend after all: the password wraps the key
            return None

    def protection_label(self) -> str:
        self._keyring_cipher()
        return self.protection

    def _path(self, server_url: str, username: str, organisme_code: str, service_code: str) -> Path:
        slot = _slot(server_url, username, organisme_code, service_code)
        return self.folder / _account(server_url, username) / f"{slot}.draft"

    def save(self, draft: Draft) -> None:
        draft.saved_at = time.time()
        cipher = self._cipher(draft.server_url, draft.username)
        token = cipher.encrypt(json.dumps(draft.__dict__, ensure_ascii=False).encode())
        path = self._path(draft.server_url, draft.username, draft.organisme_code,
                          draft.service_code)  # fmt: skip
        write_private(path, token.decode())

    def load(
        self, server_url: str, username: str, organisme_code: str, service_code: str
    ) -> Draft | None:
        self.purge_expired()
        path = self._path(server_url, username, organisme_code, service_code)
        try:
            token = path.read_bytes()
        except OSError:
            return None
        cipher = self._cipher(server_url, username)
        try:
            data = json.loads(cipher.decrypt(token))
            return Draft(**data)
        except Exception:  # another key, a damaged file: a draft that cannot be read is gone
            path.unlink(missing_ok=True)
            return None

    def all_of(self, server_url: str, username: str) -> list[Draft]:
        """The account's drafts that can be read, the most recent first (« À traiter »). Slow
        for many (each is decrypted): call it off the event loop."""
        self.purge_expired()
        try:
            cipher = self._cipher(server_url, username)
        except DraftsLocked:
            return []
        found = []
        for path in (self.folder / _account(server_url, username)).glob("*.draft"):
            try:
                found.append(Draft(**json.loads(cipher.decrypt(path.read_bytes()))))
            except Exception:  # another key, damaged: ``load`` deletes it when it is asked for
                continue
        return sorted(found, key=lambda draft: draft.saved_at, reverse=True)

    def delete(
        self, server_url: str, username: str, organisme_code: str, service_code: str
    ) -> None:
        self._path(server_url, username, organisme_code, service_code).unlink(missing_ok=True)

    def purge_expired(self, now: float | None = None) -> None:
        """Drafts older than 15 days are deleted: the data must not outlive their purpose."""
        limit = (now or time.time()) - EXPIRY_SECONDS
        if not self.folder.exists():
            return
        for path in self.folder.glob("*/*.draft"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                pass


def draft_folder(data_path: Path) -> Path:
    return data_path / "drafts"
