"""The 10-digit request number: 2-digit year, 3-digit organisme code, 5-digit sequence.

``2233100011`` is the 11th request of 2022 to organisme 331 (manual §V.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEQUENCE_MAX = 99_999
_NUMBER_RE = re.compile(r"(\d{2})(\d{3})(\d{5})")


@dataclass(frozen=True, slots=True)
class RequestNumber:
    year: int
    organisme_code: str
    sequence: int

    def __str__(self) -> str:
        return f"{self.year % 100:02d}{self.organisme_code}{self.sequence:05d}"

    def explain(self) -> str:
        """The technician-facing explanation of the number (manual §V.1)."""
        return (
            f"Il s'agit de la {self.sequence:05d}ème demande déposée en {self.year} "
            f"vers l'organisme d'Assurance Maladie {self.organisme_code}."
        )


def format_request_number(year: int, organisme_code: str, sequence: int) -> str:
    if not re.fullmatch(r"\d{3}", organisme_code):
        raise ValueError("organisme code must be 3 digits")
    if not 1 <= sequence <= SEQUENCE_MAX:
        raise ValueError("sequence out of range")
    return str(RequestNumber(year, organisme_code, sequence))


def parse_request_number(value: str) -> RequestNumber | None:
    match = _NUMBER_RE.fullmatch(value.strip())
    if not match:
        return None
    year, code, sequence = match.groups()
    if int(sequence) == 0:
        return None
    return RequestNumber(2000 + int(year), code, int(sequence))
