"""Where the technician goes next, and what a dialog answered: small frozen values, declared
once, instead of strings that each side encodes and parses.

A screen or a dialog ``dismiss()``es one of these; a widget or a screen that only wants to
go somewhere posts ``Navigate`` with a destination, and ``EPApp.go`` is the one place that
routes them (ep_tui/app.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ep_contract.wire import WorkList

# --- destinations -------------------------------------------------------------------------


@dataclass(frozen=True)
class GoHome:
    """The home page of the organisme."""


@dataclass(frozen=True)
class OpenRequest:
    """A request's detail, over what is on screen (Échap comes back to it)."""

    number: str


@dataclass(frozen=True)
class NewRequest:
    """A new form for an offre de service (after asking about its draft, if it has one)."""

    service: str
    person: tuple[tuple[str, str], ...] = ()
    """The person block filled in advance (« Nouvelle demande pour cette personne »): pairs of
    field name and value, as typed."""


@dataclass(frozen=True)
class InOrganisme:
    """``then``, in the workspace of another organisme (« À traiter » lists every organisme's
    items): its home page comes first, as if chosen with F4."""

    organisme_code: str
    then: GoHome | OpenRequest | NewRequest


@dataclass(frozen=True)
class PersonHistory:
    """« Toutes les demandes de cette personne »: the history of this organisme filtered on
    one person exactly."""

    nom: str
    prenom: str
    naissance: date
    label: str
    """« Madame GARNIER Zoé », as the history shows the person."""


@dataclass(frozen=True)
class HistoryView:
    """The history of this organisme through a saved view (the palette's « Vue : … »)."""

    name: str


Destination = GoHome | OpenRequest | NewRequest | InOrganisme | PersonHistory | HistoryView


class Navigate(Message):
    """Go to ``destination``: posted by screens and widgets, routed by the app."""

    def __init__(self, destination: Destination) -> None:
        super().__init__()
        self.destination = destination


class WorkListFetched(Message):
    """The app's regular look at « À traiter » (ep_tui.watch): given to every screen of the
    stack, so that the ones showing the list or its count agree with the notifications."""

    def __init__(self, work_list: WorkList) -> None:
        super().__init__()
        self.work_list = work_list


# --- what a dialog answered (None: closed without choosing) -------------------------------


@dataclass(frozen=True)
class KeepDraft:
    """« Quitter le formulaire ? » → « Garder le brouillon »."""


@dataclass(frozen=True)
class DiscardDraft:
    """« Quitter le formulaire ? » → « Abandonner »."""


LeaveAnswer = KeepDraft | DiscardDraft


@dataclass(frozen=True)
class ResumeTheDraft:
    """« Brouillon en cours » → « Reprendre le brouillon »."""


@dataclass(frozen=True)
class StartAfresh:
    """« Brouillon en cours » → « Nouveau formulaire » (the draft is deleted)."""


DraftAnswer = ResumeTheDraft | StartAfresh


@dataclass(frozen=True)
class FileAnyway:
    """« Demande déjà en cours » → « Déposer quand même »."""


DuplicateAnswer = OpenRequest | FileAnyway
