"""What the history is asked for, as plain data (no HTTP here: screens build it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ep_tui.api_client.models import SortKey, SortOrder
from ep_tui.domain.statuses import Status


@dataclass(frozen=True, slots=True)
class HistoryQuery:
    """The 8 filters of the history, its sort and its page."""

    numero: str | None = None
    personne: str | None = None
    statut: Status | None = None
    depot_debut: date | None = None
    depot_fin: date | None = None
    demandeur: str | None = None
    service: str | None = None
    motif: str | None = None
    sort: SortKey = "filed_at"
    order: SortOrder = "desc"
    page: int = 1
    page_size: int = 20

    def params(self) -> dict[str, str]:
        values: dict[str, Any] = {
            "numero": self.numero,
            "personne": self.personne,
            "statut": str(self.statut) if self.statut else None,
            "depot_debut": self.depot_debut.isoformat() if self.depot_debut else None,
            "depot_fin": self.depot_fin.isoformat() if self.depot_fin else None,
            "demandeur": self.demandeur,
            "service": self.service,
            "motif": self.motif,
            "sort": self.sort,
            "order": self.order,
            "page": self.page,
            "page_size": self.page_size,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}
