"""Convention states and their exact messages (manual §II, SPEC §2)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from ep_contract.domain.statuses import ENDING_SOON_DAYS, HISTORY_GRACE_DAYS


class ConventionState(StrEnum):
    FUTURE = "future"
    ACTIVE = "active"
    ENDING = "ending"
    ENDED_PENDING = "ended_pending"
    ENDED_RESOLVED = "ended_resolved"
    EXPIRED = "expired"
    """Ended, and 30 days passed since the last resolved request: no longer offered."""


def convention_state(
    start: date,
    end: date | None,
    today: date,
    *,
    has_unresolved: bool,
    last_resolved_on: date | None,
) -> ConventionState:
    """The state of a convention on ``today``.

    ``end`` is the last day of the convention.  When an ended convention has no resolved
    request at all, the 30 days of grace run from its end date.
    """
    if today < start:
        return ConventionState.FUTURE
    if end is None or today <= end:
        if end is not None and (end - today).days < ENDING_SOON_DAYS:
            return ConventionState.ENDING
        return ConventionState.ACTIVE
    if has_unresolved:
        return ConventionState.ENDED_PENDING
    grace_from = max(last_resolved_on or end, end)
    if today > grace_from + timedelta(days=HISTORY_GRACE_DAYS):
        return ConventionState.EXPIRED
    return ConventionState.ENDED_RESOLVED


def _jjmmaaaa(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def convention_message(
    state: ConventionState, organisme_name: str, start: date, end: date | None
) -> str | None:
    """The portal's message for the state, word for word (spacing included)."""
    match state:
        case ConventionState.FUTURE:
            return (
                f"Le conventionnement avec l'organisme {organisme_name} "
                f"débutera le {_jjmmaaaa(start)}."
            )
        case ConventionState.ENDING:
            assert end is not None
            return (
                f"Le conventionnement arrive à échéance le {_jjmmaaaa(end)} - "
                "Veuillez contacter l'organisme concerné."
            )
        case ConventionState.ENDED_PENDING:
            assert end is not None
            return (
                f"Le conventionnement s'est terminé le {_jjmmaaaa(end)} "
                "mais il reste des demandes en cours de traitement."
            )
        case ConventionState.ENDED_RESOLVED:
            assert end is not None
            return (
                f"Le conventionnement s'est terminé le {_jjmmaaaa(end)} . Vous disposez d'un "
                "délai supplémentaire pour consulter les réponses apportées à vos demandes."
            )
        case _:
            return None


def can_access(state: ConventionState) -> bool:
    """Whether the home page (or at least the history) is reachable."""
    return state not in {ConventionState.FUTURE, ConventionState.EXPIRED}


def can_file(state: ConventionState) -> bool:
    """Whether new requests may be filed."""
    return state in {ConventionState.ACTIVE, ConventionState.ENDING}


def is_flagged(state: ConventionState) -> bool:
    """Shown in red with an asterisk in the organisme list."""
    return state != ConventionState.ACTIVE
