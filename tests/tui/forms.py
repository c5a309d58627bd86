"""Filling a form as a technician does: key by key in the text fields (so that the formatting
as typed is exercised), choices picked, the comment typed."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, RadioSet, Select, Switch, TextArea

from ep_tui.screens.request_form import RequestFormScreen
from ep_tui.widgets.toggles import TickList
from tests.tui.steps import settle

# What a technician types (lower case, digits only) for the manual's examples.
TYPED_PERSON = {
    "signalement": ("Monsieur", "pain", "françois", "05101970", "24", "0600000000"),
    "rdv": ("Madame", "pires", "marina", "01021980", "29", "0600000000"),
    "etude": ("Monsieur", "prince", "marius", "05051960", "27", "0700000000"),
    "document": ("Madame", "chemin", "marie", "01061975", "47", "0600000000"),
    "dossier": ("Monsieur", "prince", "marius", "05051960", "27", "0700000000"),
}
CHOICES = {
    "contact": {"motif": "Gérer la convention de partenariat",
                "modalites": ["Téléphonique / Visio", "Physique"]},
    "signalement": {"motif": "Situation d'urgence"},
    "rdv": {"motif": "Capital décès"},
    "etude": {"motif": "Demande d'aide financière"},
    "document": {"documents": ["Attestation de droits", "Formulaire carte vitale"]},
    "dossier": {"motif": "AME - Dépôt de dossier"},
}  # fmt: skip
COMMENTS = {
    "contact": "Je souhaite un rdv pour fixer les modalités de renouvellement de la convention.",
    "signalement": "L'assuré a besoin de soins urgents",
    "rdv": "Demande de capital décès pour son mari décédé.",
    "etude": "Demande de rééquilibrage budgétaire.",
    "document": "L'assurée a perdu son portefeuille.",
    "dossier": "Renouvellement AME, dossier complet en un seul PDF.",
}


def form(pilot: Pilot) -> RequestFormScreen:
    screen = pilot.app.screen
    assert isinstance(screen, RequestFormScreen), screen
    return screen


async def type_field(pilot: Pilot, name: str, text: str) -> None:
    field = form(pilot).query_one(f"#control-{name}", Input)
    field.focus()
    await pilot.press(*text)
    await settle(pilot)


async def choose(pilot: Pilot, name: str, value: Any) -> None:
    control = form(pilot).query_one(f"#control-{name}")
    if isinstance(control, Select):
        control.value = value
    elif isinstance(control, RadioSet):
        for button in control.query("RadioButton"):
            if str(button.label) == value:
                button.value = True
    elif isinstance(control, TickList):
        control.deselect_all()
        for choice in value:
            control.select(choice)
    elif isinstance(control, Switch):
        control.value = bool(value)
    await settle(pilot)


async def type_comment(pilot: Pilot, text: str) -> None:
    area = form(pilot).query_one("#control-commentaire TextArea", TextArea)
    area.focus()
    area.insert(text)
    await settle(pilot)


async def fill(pilot: Pilot, service: str) -> None:
    for name, value in CHOICES[service].items():
        await choose(pilot, name, value)
    if service in TYPED_PERSON:
        civilite, nom, prenom, born, lieu, phone = TYPED_PERSON[service]
        await choose(pilot, "civilite", civilite)
        await type_field(pilot, "nom", nom)
        await type_field(pilot, "prenom", prenom)
        await type_field(pilot, "date_naissance", born)
        await type_field(pilot, "lieu_naissance", lieu)
        await type_field(pilot, "telephone", phone)
    await type_comment(pilot, COMMENTS[service])


async def open_form(pilot: Pilot, service: str) -> RequestFormScreen:
    pilot.app.action_new_request(service)  # type: ignore[attr-defined]
    await settle(pilot)
    return form(pilot)
