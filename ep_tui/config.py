"""Settings and local state.

Settings come from defaults, then the file ``config.toml`` in the user's config folder
(platformdirs), then ``EP_TUI_…`` environment variables; the app never writes that file.
What the app remembers between runs (last identifiant, last organisme per account) is the
small ``state.json`` in the user's state folder, readable by its owner only.  Neither holds a
secret: passwords go to the system keyring (:mod:`ep_tui.credentials`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from ep_contract.domain.addresses import address_refusal

APP_NAME = "ep-tui"
ENV_PREFIX = "EP_TUI_"
DEFAULT_SERVER = "http://127.0.0.1:8765"
AMELI_URL = "https://www.ameli.fr"
MANUAL_URL = "https://www.ameli.fr/espace-partenaires/manuel-utilisateur"
THEMES = ("ep", "ep-clair", "ep-contraste")


class ConfigError(Exception):
    """The configuration file or an environment variable is invalid (message in French)."""


# A dataclass, not a pydantic model: settings are read before the first screen is drawn, and
# importing pydantic there would cost a quarter of the start-up time (bench/RESULTS.md).
@dataclass
class Settings:
    server_url: str = DEFAULT_SERVER
    theme: str = "ep"
    news_interval: float = 8.0
    """Seconds between two news of the carousel; 0 stops it (tests, slow links)."""
    cursor_blink: bool = True
    draft_delay: float = 0.8
    """Seconds of quiet typing before the draft is written (0: at once — the tests)."""
    poll_interval: float = 60.0
    """Seconds between two checks for changed requests; 0 switches notifications off."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → keys, e.g. ``{"app.history": "f3"}`` (see the help screen for the ids)."""
    data_dir: Path | None = None
    """Where the demo store lives (the user's data folder by default)."""
    downloads_dir: Path | None = None
    """Where received attachments and CSV exports go (the user's downloads folder by default)."""

    def __post_init__(self) -> None:
        self.server_url = str(self.server_url).strip()
        if refusal := address_refusal(self.server_url):
            raise ConfigError(f"server_url : {refusal}")
        if self.theme not in THEMES:
            raise ConfigError(f"theme : {', '.join(THEMES)} attendu, pas « {self.theme} »")
        for name in ("news_interval", "poll_interval", "draft_delay"):
            try:
                value = float(getattr(self, name))
            except (TypeError, ValueError):
                raise ConfigError(f"{name} : nombre de secondes attendu") from None
            if value < 0:
                raise ConfigError(f"{name} : nombre positif attendu")
            setattr(self, name, value)
        if isinstance(self.cursor_blink, str):
            lowered = self.cursor_blink.strip().lower()
            if lowered not in {"0", "1", "true", "false", "yes", "no", "on", "off"}:
                raise ConfigError("cursor_blink : vrai ou faux attendu")
            self.cursor_blink = lowered in {"1", "true", "yes", "on"}
        if not isinstance(self.keymap, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in self.keymap.items()
        ):
            raise ConfigError("keymap : table « identifiant = touches » attendue")
        if self.data_dir is not None:
            self.data_dir = Path(self.data_dir).expanduser()
        if self.downloads_dir is not None:
            self.downloads_dir = Path(self.downloads_dir).expanduser()

    @property
    def data_path(self) -> Path:
        return self.data_dir or Path(platformdirs.user_data_dir(APP_NAME))

    @property
    def downloads_path(self) -> Path:
        return self.downloads_dir or Path(platformdirs.user_downloads_dir())

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def config_path() -> Path:
    override = os.environ.get(f"{ENV_PREFIX}CONFIG")
    return (
        Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
    )


def state_path() -> Path:
    return Path(platformdirs.user_state_dir(APP_NAME)) / "state.json"


_ENV_FIELDS = {
    "SERVER_URL": "server_url",
    "THEME": "theme",
    "NEWS_INTERVAL": "news_interval",
    "CURSOR_BLINK": "cursor_blink",
    "POLL_INTERVAL": "poll_interval",
    "DATA_DIR": "data_dir",
    "DOWNLOADS_DIR": "downloads_dir",
}


def load_settings(overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults < config file < environment < ``overrides`` (the command line)."""
    values: dict[str, Any] = {}
    path = config_path()
    if path.exists():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"Fichier de configuration illisible ({path}) : {error}") from error
    for suffix, name in _ENV_FIELDS.items():
        if (value := os.environ.get(ENV_PREFIX + suffix)) is not None:
            values[name] = value
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    known = {f.name for f in dataclasses.fields(Settings)}
    if unknown := sorted(set(values) - known):
        raise ConfigError(f"Configuration invalide ({path}) : clé inconnue {', '.join(unknown)}")
    try:
        return Settings(**values)
    except ConfigError as error:
        raise ConfigError(f"Configuration invalide ({path}) : {error}") from error


def private_folder(path: Path, *, own: bool = True) -> Path:
    """``path`` and every missing folder above it created readable by their owner only (0700,
    whatever the umask): every folder the app creates is the technician's alone. An existing
    ``path`` is made 0700 too when it is the app's ``own`` (a data folder an earlier version
    left 0755), never when it is the user's (their downloads folder)."""
    missing = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)
    if own and not missing:
        with contextlib.suppress(OSError):
            path.chmod(0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, atomically (a crash never leaves half a file)."""
    private_folder(path.parent)
    temporary = path.with_name(f".{path.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class LocalState:
    """What this machine remembers: the last identifiant, the last organisme per account."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_path()
        try:
            self._data: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self._data, dict):
                self._data = {}
        except (OSError, ValueError):
            self._data = {}

    def _save(self) -> None:
        write_private(self.path, json.dumps(self._data, ensure_ascii=False, indent=2))

    @staticmethod
    def _account(server_url: str, username: str) -> str:
        return f"{server_url.rstrip('/')}|{username}"

    def last_username(self, server_url: str) -> str:
        return str(self._data.get("last_username", {}).get(server_url.rstrip("/"), ""))

    def remember_username(self, server_url: str, username: str) -> None:
        if self.last_username(server_url) == username:
            return  # every command of the command line remembers it: no write for nothing
        self._data.setdefault("last_username", {})[server_url.rstrip("/")] = username
        self._save()

    def last_organisme(self, server_url: str, username: str) -> str | None:
        value = self._data.get("last_organisme", {}).get(self._account(server_url, username))
        return str(value) if value else None

    def remember_organisme(self, server_url: str, username: str, code: str) -> None:
        if self.last_organisme(server_url, username) == code:
            return
        self._data.setdefault("last_organisme", {})[self._account(server_url, username)] = code
        self._save()

    # --- the history's saved views (filters, sort, page size), per account ----------------

    def views(self, server_url: str, username: str) -> dict[str, dict[str, Any]]:
        saved = self._data.get("history_views", {}).get(self._account(server_url, username), {})
        return {str(k): dict(v) for k, v in saved.items() if isinstance(v, dict)}

    def save_view(self, server_url: str, username: str, name: str, fields: dict[str, Any]) -> None:
        account = self._account(server_url, username)
        self._data.setdefault("history_views", {}).setdefault(account, {})[name] = fields
        self._save()

    def delete_view(self, server_url: str, username: str, name: str) -> None:
        account = self._account(server_url, username)
        self._data.get("history_views", {}).get(account, {}).pop(name, None)
        if self.default_view(server_url, username) == name:
            self._data.get("default_view", {}).pop(account, None)
        self._save()

    def default_view(self, server_url: str, username: str) -> str | None:
        value = self._data.get("default_view", {}).get(self._account(server_url, username))
        return str(value) if value else None

    def set_default_view(self, server_url: str, username: str, name: str | None) -> None:
        defaults = self._data.setdefault("default_view", {})
        account = self._account(server_url, username)
        if name is None:
            defaults.pop(account, None)
        else:
            defaults[account] = name
        self._save()

    def last_folder(self) -> str | None:
        """The folder the last attachment was taken from (the file browser starts there)."""
        value = self._data.get("last_folder")
        return str(value) if value else None

    def remember_folder(self, folder: str) -> None:
        self._data["last_folder"] = folder
        self._save()
