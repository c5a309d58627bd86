"""Local drafts of unsent forms: saved as the technician types, surviving a killed terminal, a
crash, a network failure or an expired session; offered back when the same form is opened;
removed when the request is filed or the draft discarded; expired after 15 days.

They hold personal data, so they are encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256)
with a key kept in the system keyring where one exists, otherwise in a file readable by its
owner only — the form says which. File names are hashes: no name, no date of birth in them.
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
PROTECTION_FILE = "Brouillon chiffré (clé dans un fichier lisible par vous seul)."


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


class DraftStore:
    def __init__(self, folder: Path, keyring_backend: object | None) -> None:
        self.folder = folder
        self._keyring = keyring_backend
        self._fernet: Any = None
        self.protection = ""

    def _cipher(self) -> Any:
        if self._fernet is not None:
            return self._fernet
        from cryptography.fernet import Fernet

        key = self._key_from_keyring()
        if key is not None:
            self.protection = PROTECTION_KEYRING
        else:
            key = self._key_from_file()
            self.protection = PROTECTION_FILE
        self._fernet = Fernet(key)
        return self._fernet

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
        except Exception:  # no usable backend after all: fall back to the private file
            return None

    def _key_from_file(self) -> bytes:
        from cryptography.fernet import Fernet

        path = self.folder / "drafts.key"
        try:
            key = path.read_bytes().strip()
            base64.urlsafe_b64decode(key)
            if len(key) == 44:
                return key
        except (OSError, ValueError):
            pass
        key = Fernet.generate_key()
        write_private(path, key.decode())
        return key

    def protection_label(self) -> str:
        self._cipher()
        return self.protection

    def _path(self, slot: str) -> Path:
        return self.folder / f"{slot}.draft"

    def save(self, draft: Draft) -> None:
        draft.saved_at = time.time()
        token = self._cipher().encrypt(json.dumps(draft.__dict__, ensure_ascii=False).encode())
        slot = _slot(draft.server_url, draft.username, draft.organisme_code, draft.service_code)
        write_private(self._path(slot), token.decode())

    def load(
        self, server_url: str, username: str, organisme_code: str, service_code: str
    ) -> Draft | None:
        self.purge_expired()
        path = self._path(_slot(server_url, username, organisme_code, service_code))
        try:
            token = path.read_bytes()
        except OSError:
            return None
        try:
            data = json.loads(self._cipher().decrypt(token))
            return Draft(**data)
        except Exception:  # another key, a damaged file: a draft that cannot be read is gone
            path.unlink(missing_ok=True)
            return None

    def delete(
        self, server_url: str, username: str, organisme_code: str, service_code: str
    ) -> None:
        self._path(_slot(server_url, username, organisme_code, service_code)).unlink(
            missing_ok=True
        )

    def purge_expired(self, now: float | None = None) -> None:
        """Drafts older than 15 days are deleted: the data must not outlive their purpose."""
        limit = (now or time.time()) - EXPIRY_SECONDS
        if not self.folder.exists():
            return
        for path in self.folder.glob("*.draft"):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except OSError:
                pass


def draft_folder(data_path: Path) -> Path:
    return data_path / "drafts"


def ensure_private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
