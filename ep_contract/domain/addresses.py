"""Which server addresses may be used: the password, the session's token and the people's
data must never travel in clear over a network."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

PLAIN_HTTP_REFUSED = (
    "« {url} » : http:// ferait passer le mot de passe et les données des personnes en "
    "clair sur le réseau. Utilisez une adresse https://, http:// n'est accepté que vers "
    "cet ordinateur (127.0.0.1, localhost)."
)


def stays_on_this_machine(host: str) -> bool:
    """Loopback addresses, ``localhost``, and the reserved ``.invalid`` names (RFC 6761:
    no resolver answers them, so nothing sent there can leave — the embedded demo uses one)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host == "invalid" or host.endswith(".invalid"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def address_refusal(url: str) -> str | None:
    """Why ``url`` may not be used as the server's address, or ``None`` when it may:
    https:// anywhere, http:// only to this machine."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and stays_on_this_machine(parts.hostname):
        return None
    if parts.scheme == "http" and parts.hostname:
        return PLAIN_HTTP_REFUSED.format(url=url)
    return f"« {url} » : adresse https:// attendue."
