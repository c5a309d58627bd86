"""Settings and local state.

Settings come from defaults, then the file ``config.toml`` in the user's config folder
(platformdirs), then ``EP_TUI_…`` environment variables; the app never writes that file.
What the app remembers between runs (last identifiant, last organisme per account) is the
small ``state.json`` in the user's state folder, readable by its owner only.  Neither holds a
secret: passwords go to the system keyring (:mod:`ep_tui.credentials`).
"""

from __future__ import annotations

import contextlib
import json
import os
import tomllib
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

APP_NAME = "ep-tui"
ENV_PREFIX = "EP_TUI_"
DEFAULT_SERVER = "http://127.0.0.1:8765"
AMELI_URL = "https://www.ameli.fr"
MANUAL_URL = "https://www.ameli.fr/espace-partenaires/manuel-utilisateur"

Theme = Literal["ep", "ep-contraste", "ep-clair"]


class ConfigError(Exception):
    """The configuration file or an environment variable is invalid (message in French)."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    server_url: str = DEFAULT_SERVER
    theme: Theme = "ep"
    news_interval: float = Field(default=8.0, ge=0)
    """Seconds between two news of the carousel; 0 stops it (tests, slow links)."""
    cursor_blink: bool = True
    poll_interval: float = Field(default=60.0, ge=0)
    """Seconds between two checks for changed requests; 0 switches notifications off."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id → keys, e.g. ``{"app.history": "f3"}`` (see the help screen for the ids)."""
    data_dir: Path | None = None
    """Where the demo store lives (the user's data folder by default)."""

    @property
    def data_path(self) -> Path:
        return self.data_dir or Path(platformdirs.user_data_dir(APP_NAME))


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
    try:
        return Settings.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])} : {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"Configuration invalide ({path}) : {problems}") from error


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, atomically (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.parent.chmod(0o700)
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
        self._data.setdefault("last_username", {})[server_url.rstrip("/")] = username
        self._save()

    def last_organisme(self, server_url: str, username: str) -> str | None:
        value = self._data.get("last_organisme", {}).get(self._account(server_url, username))
        return str(value) if value else None

    def remember_organisme(self, server_url: str, username: str, code: str) -> None:
        self._data.setdefault("last_organisme", {})[self._account(server_url, username)] = code
        self._save()
