"""Request statuses and the time limits around them (SPEC §7, guide 001 §5)."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    NOUVEAU = "Nouveau"
    PRIS_EN_CHARGE = "Pris en charge"
    RESOLU = "Résolu"
    MESSAGE_ENVOYE = "Message envoyé"
    MESSAGE_RECU = "Message reçu"
    CLOTURE = "Clôturé"


#: Statuses a request has once the organisme answered it.
RESOLVED = frozenset({Status.RESOLU, Status.MESSAGE_ENVOYE, Status.MESSAGE_RECU, Status.CLOTURE})
#: Statuses in which the technician may write a follow-up message.
MESSAGE_ALLOWED = frozenset({Status.RESOLU, Status.MESSAGE_RECU})

EXCHANGE_DAYS = 15
"""Days after resolution during which the technician may reopen the request."""
MAX_ROUND_TRIPS = 4
DOWNLOAD_DAYS = 15
"""Days during which a received attachment can be downloaded."""
HISTORY_GRACE_DAYS = 30
"""Days an ended convention stays visible after its last resolved request."""
ENDING_SOON_DAYS = 30

CANCEL_REASONS = (
    "La demande a déjà été faite par un membre de ma structure",
    "La demande a été résolue via un autre canal",
    "La demande n'est plus justifiée",
    "Autre motif",
)
