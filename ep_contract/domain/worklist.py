"""« À traiter »: what needs the technician, and when (issue 17).

The partnership conventions ask the parties to « fixer des seuils d'alerte permettant de faire
le point sur des situations ou blocages » (seed 002, §4.1); the Wattrelos convention sets one
per motif: « Pour les dossiers CSS, le seuil d'alerte est fixé à 30 jours » (seed 004, §4.1).
The server computes the items with these rules, the app and the command line say them with
these words: one source for both.
"""

from __future__ import annotations

from enum import StrEnum

from ep_contract.domain.wording import plural

NOUVEAU_DAYS = 10
"""Default: a request « Nouveau » for more than this many days is an alert."""
PRIS_EN_CHARGE_DAYS = 30
"""Default: a request « Pris en charge » for more than this many days is an alert."""
NOTICE_DAYS = 3
"""Default: a deadline (the exchange window, a received file) is said this many days ahead."""
THRESHOLD_MIN, THRESHOLD_MAX = 1, 365
THRESHOLD_MESSAGE = f"Un seuil est un nombre de jours entre {THRESHOLD_MIN} et {THRESHOLD_MAX}."


class ItemKind(StrEnum):
    ANSWER = "answer"
    """The organisme answered (a resolution, or « Message reçu ») and this technician has not
    opened the request since."""
    WINDOW_CLOSING = "window_closing"
    """A resolved request whose 15 days to ask a question end within the notice."""
    FILES_EXPIRING = "files_expiring"
    """Received attachments nobody of the structure downloaded, no longer downloadable soon."""
    WAITING_NEW = "waiting_new"
    """« Nouveau » for longer than the structure's threshold."""
    WAITING_TAKEN = "waiting_taken"
    """« Pris en charge » for longer than the structure's threshold."""


class Urgency(StrEnum):
    """The groups of the « À traiter » screen, most urgent first."""

    DEADLINE = "deadline"
    ANSWER = "answer"
    WAITING = "waiting"


URGENCY_OF = {
    ItemKind.WINDOW_CLOSING: Urgency.DEADLINE,
    ItemKind.FILES_EXPIRING: Urgency.DEADLINE,
    ItemKind.ANSWER: Urgency.ANSWER,
    ItemKind.WAITING_NEW: Urgency.WAITING,
    ItemKind.WAITING_TAKEN: Urgency.WAITING,
}
URGENCY_TITLES = {
    Urgency.DEADLINE: "Délais qui se terminent",
    Urgency.ANSWER: "Réponses à lire",
    Urgency.WAITING: "Demandes en attente",
}


def valid_threshold(days: int) -> bool:
    return THRESHOLD_MIN <= days <= THRESHOLD_MAX


def days_left_text(days: int) -> str:
    """« aujourd'hui », « demain », « dans 3 jours »."""
    if days <= 0:
        return "aujourd'hui"
    if days == 1:
        return "demain"
    return f"dans {days} jours"


def describe(kind: ItemKind, days: int, count: int = 0) -> str:
    """What an item says, after the request's number: ``days`` is the days left for a
    deadline, the days waited for a wait."""
    match kind:
        case ItemKind.ANSWER:
            return "Réponse de l'organisme non lue"
        case ItemKind.WINDOW_CLOSING:
            return f"Fin du délai pour poser une question {days_left_text(days)}"
        case ItemKind.FILES_EXPIRING:
            files = plural(count, "pièce jointe reçue", "pièces jointes reçues")
            return f"{files} à télécharger, plus disponible {days_left_text(days)}"
        case ItemKind.WAITING_NEW:
            return f"Nouveau, en attente depuis {plural(days, 'jour', 'jours')}"
        case ItemKind.WAITING_TAKEN:
            return f"Pris en charge, en attente depuis {plural(days, 'jour', 'jours')}"
