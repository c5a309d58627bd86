"""What the history is asked for: its 8 filters, its sort and its page, declared once.

The client sends it as query parameters (``params``); the mock server's route takes the same
model (``Annotated[HistoryQuery, Query()]``), so a filter, its limits and its description are
written here only. Screens build it; no HTTP here."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ep_contract.domain.statistics import PeriodKind
from ep_contract.domain.statuses import Status
from ep_contract.wire import SortKey, SortOrder


class HistoryQuery(BaseModel):
    """The 8 filters of the history (manual §VI), one person exactly, its sort and its page."""

    model_config = ConfigDict(frozen=True)

    numero: str | None = Field(
        default=None, max_length=10, description="Numéro de demande (prefix)"
    )
    personne: str | None = Field(default=None, max_length=60, description="Personne concernée")
    statut: Status | None = Field(default=None, description="Statut")
    depot_debut: date | None = Field(default=None, description="Date de début de dépôt")
    depot_fin: date | None = Field(default=None, description="Date de fin de dépôt")
    demandeur: str | None = Field(default=None, max_length=60, description="Demandeur")
    service: str | None = Field(default=None, max_length=50, description="Offre de service (code)")
    motif: str | None = Field(default=None, max_length=200, description="Motif")
    # « Toutes les demandes de cette personne » (from a request's detail): one person exactly,
    # not a name that contains the one typed.
    nom: str | None = Field(default=None, max_length=60, description="Nom, exact (with prenom)")
    prenom: str | None = Field(default=None, max_length=60, description="Prénom, exact (with nom)")
    naissance: date | None = Field(default=None, description="Date de naissance, exacte")
    sort: SortKey = "filed_at"
    order: SortOrder = "desc"
    page: int = Field(default=1, ge=1, le=100_000)
    page_size: int = Field(default=20, description="10, 20, 50 or 100")

    def replace(self, **changes: object) -> HistoryQuery:
        """A copy with ``changes`` (a new filter, another page…)."""
        return self.model_copy(update=changes)

    def params(self) -> dict[str, str]:
        """The query string: only what is set."""
        values = self.model_dump(mode="json", exclude_none=True)
        return {k: str(v) for k, v in values.items() if v != ""}


class StatisticsQuery(BaseModel):
    """« Pilotage du partenariat »: one organisme or all, over a period
    (:func:`ep_contract.domain.statistics.resolve_period` checks it, a French message a field).

    The values are taken as typed (strings, numbers the server bounds itself) so that a date
    that does not exist is refused in French, by the field's name."""

    model_config = ConfigDict(frozen=True)

    organisme: str | None = Field(
        default=None, max_length=10, description="Code of one organisme; all when absent"
    )
    periode: PeriodKind = Field(
        default=PeriodKind.YEAR, description="annee, trimestre, 12mois, dates"
    )
    annee: int | None = Field(
        default=None, description="For annee and trimestre; this year when absent"
    )
    trimestre: int | None = Field(default=None, description="1 to 4; this quarter when absent")
    debut: str | None = Field(default=None, max_length=10, description="For dates: aaaa-mm-jj")
    fin: str | None = Field(
        default=None, max_length=10, description="For dates: aaaa-mm-jj, included"
    )

    def params(self) -> dict[str, str]:
        """The query string: only what is set."""
        return {k: str(v) for k, v in self.model_dump(mode="json", exclude_none=True).items()}
