"""``ep-tui doctor``: what a structure's IT checks first, a line each, without signing in.

The server answers and speaks the API (an unauthenticated call must come back « 401 » as a
problem document), over TLS when it is not this machine; the clock agrees with the server's
(a session and every date depend on it); a keyring is there for the password; the folders the
app writes are the user's alone; the terminal is large enough and what it says of colours.
Nothing personal is read or shown.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ep_tui.config import Settings

State = Literal["ok", "attention", "échec"]

SKEW_WARNING_SECONDS = 60
SKEW_FAILURE_SECONDS = 300
"""Beyond five minutes, a session's expiry and the deadlines shown are wrong."""


@dataclass(frozen=True)
class Check:
    name: str
    state: State
    detail: str


def run_checks(settings: Settings) -> list[Check]:
    checks = [_versions(), *_server(settings.server_url), _keyring()]
    checks += [_folder(name, path) for name, path in _folders(settings)]
    checks += [_terminal(), _colours()]
    return checks


def as_text(checks: list[Check]) -> str:
    words = {"ok": "OK", "attention": "ATTENTION", "échec": "ÉCHEC"}
    return "\n".join(f"{words[c.state]} : {c.name} : {c.detail}" for c in checks)


def as_dicts(checks: list[Check]) -> list[dict[str, str]]:
    return [asdict(check) for check in checks]


def _versions() -> Check:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "absent"

    python = ".".join(map(str, sys.version_info[:3]))
    return Check("Versions", "ok", f"ep-tui {version('ep-tui')}, Python {python}, "
                 f"textual {version('textual')}, httpx {version('httpx')}")  # fmt: skip


def _server(server_url: str) -> list[Check]:
    import httpx

    from ep_contract.domain.addresses import address_refusal

    if refusal := address_refusal(server_url):
        return [Check("Serveur", "échec", refusal)]
    try:
        with httpx.Client(base_url=server_url, timeout=10.0) as http:
            response = http.get("/api/v1/me", headers={"Accept": "application/json"})
            tls = _tls(response)
    except httpx.ConnectError as error:
        secure = server_url.startswith("https")
        reason = "certificat refusé" if secure and "SSL" in str(error) else "connexion refusée"
        return [Check("Serveur", "échec", f"{server_url} injoignable ({reason}).")]
    except httpx.HTTPError as error:
        return [Check("Serveur", "échec", f"{server_url} injoignable ({type(error).__name__}).")]
    speaks_api = response.status_code == 401 and "problem" in response.headers.get(
        "content-type", ""
    )
    server = Check(
        "Serveur",
        "ok" if speaks_api else "échec",
        f"{server_url} répond"
        + ("." if speaks_api else f", mais pas l'API attendue (HTTP {response.status_code})."),
    )
    return [server, tls, _clock(response.headers.get("date"))]


def _tls(response: object) -> Check:
    url = getattr(response, "url", None)
    if url is None or url.scheme != "https":
        return Check("TLS", "ok", "sans objet : le serveur est sur cette machine.")
    version = None
    stream = getattr(response, "extensions", {}).get("network_stream")
    if stream is not None:
        ssl_object = stream.get_extra_info("ssl_object")
        version = ssl_object.version() if ssl_object is not None else None
    return Check("TLS", "ok", f"certificat vérifié{f' ({version})' if version else ''}.")


def _clock(date_header: str | None) -> Check:
    if not date_header:
        return Check("Horloge", "attention", "le serveur ne donne pas son heure (en-tête Date).")
    server_now = parsedate_to_datetime(date_header)
    skew = (datetime.now(UTC) - server_now).total_seconds()
    state: State = (
        "ok"
        if abs(skew) < SKEW_WARNING_SECONDS
        else "attention"
        if abs(skew) < SKEW_FAILURE_SECONDS
        else "échec"
    )
    way = "en avance" if skew > 0 else "en retard"
    return Check("Horloge", state, f"{abs(skew):.0f} s {way} sur le serveur.")


def _keyring() -> Check:
    from ep_tui.credentials import Credentials

    status = Credentials().status()
    if status.available:
        return Check("Trousseau", "ok", f"{status.backend}.")
    return Check(
        "Trousseau", "attention", f"{status.reason or 'Absent.'} Module : {status.backend}."
    )


def _folders(settings: Settings) -> list[tuple[str, Path]]:
    from ep_tui.config import config_path, state_path

    return [
        ("Réglages", config_path()),
        ("État", state_path()),
        ("Données", settings.data_path),
        ("Téléchargements", settings.downloads_path),
    ]


def _folder(name: str, path: Path) -> Check:
    if not path.exists():
        return Check(name, "ok", f"{path} : absent (créé au premier besoin).")
    mode = stat.S_IMODE(path.stat().st_mode)
    if name == "Téléchargements":  # the user's own folder: only whether files can go there
        writable = os.access(path, os.W_OK)
        said = "accessible en écriture" if writable else "non modifiable"
        return Check(name, "ok" if writable else "échec", f"{path} : {said}.")
    private = not mode & (stat.S_IRWXG | stat.S_IRWXO)
    said = "" if private else ", lisible par d'autres que vous"
    return Check(name, "ok" if private else "attention", f"{path} : {mode:04o}{said}.")


def _terminal() -> Check:
    if not sys.stdout.isatty():
        return Check("Terminal", "ok", "sortie redirigée (pas de terminal).")
    columns, lines = shutil.get_terminal_size()
    big_enough = columns >= 80 and lines >= 24
    said = "" if big_enough else " : 80×24 au moins pour l'interface"
    return Check("Terminal", "ok" if big_enough else "attention", f"{columns}×{lines}{said}.")


def _colours() -> Check:
    if os.environ.get("NO_COLOR"):
        return Check("Couleurs", "ok", "aucune (NO_COLOR) : chaque état se lit aussi sans couleur.")
    depth = os.environ.get("COLORTERM") or os.environ.get("TERM") or "inconnu"
    return Check("Couleurs", "ok", f"{depth}.")
