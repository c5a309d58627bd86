"""The catalogue of service offers (ODS) as data, and the rules a submission must satisfy.

The server serves one catalogue per organisme; the app builds its forms from it and checks a
form with :func:`validate_submission` before sending; the server checks again with the same
function.  Field names are the contract: ``motif``, ``civilite``, ``nom``, ``prenom``,
``date_naissance``, ``lieu_naissance``, ``telephone``, ``commentaire`` and ``pieces_jointes``
have a fixed meaning (they are stored, filtered and shown); any other field is an answer
(modalités, documents, MAS blocks…) kept with the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from ep_contract.domain import fields as rules
from ep_contract.domain.statistics import Benefit

FieldKind = Literal["select", "radio", "multi", "consent", "text", "textarea", "attachments"]
TextFormat = Literal["nom", "prenom", "date", "lieu", "telephone"]
Value = str | list[str] | bool

PERSON_FIELDS = ("civilite", "nom", "prenom", "date_naissance", "lieu_naissance", "telephone")
REQUIRED_LINE = "Les champs précédés d'un astérisque* sont obligatoires."
NOT_EXPECTED = "Ce champ ne doit pas être renseigné pour cette demande."


class Condition(BaseModel):
    """Visible only when ``field`` is visible and holds one of ``any_of``."""

    field: str
    any_of: list[str]


class FormField(BaseModel):
    name: str
    kind: FieldKind
    label: str
    required: bool = False
    section: str | None = None
    """Title of the block the field belongs to (« Personne concernée »)."""
    choices: list[str] = Field(default_factory=list)
    min_selected: int = 0
    max_selected: int | None = None
    max_length: int | None = None
    text_format: TextFormat | None = None
    hint: str | None = None
    placeholder: str | None = None
    statement: str | None = None
    """The sentence a consent switch agrees to."""
    max_files: int | None = None
    visible_when: Condition | None = None


class Service(BaseModel):
    """One offre de service (ODS) and its form."""

    code: str
    title: str
    short_title: str | None = None
    """A few words for the history's narrow Offre column (the title stays everywhere else)."""
    description: str
    warning: str | None = None
    fields: list[FormField]

    @property
    def label(self) -> str:
        """The short title, else the title."""
        return self.short_title or self.title

    def field(self, name: str) -> FormField | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def has_person(self) -> bool:
        return self.field("nom") is not None

    @property
    def accepts_attachments(self) -> bool:
        return self.field("pieces_jointes") is not None


class Catalogue(BaseModel):
    code: str
    """Identifies the catalogue (``national``, or a local variant)."""
    services: list[Service]
    benefits: dict[str, Benefit] = Field(default_factory=dict)
    """Motif → the benefit family the COPIL counts it under (PUMa, C2S, AME); a motif not
    listed (and a request without a motif) is « autre ». Data, as the motifs are: a local
    catalogue words its motifs its own way (« AME - Dépôt de dossier »)."""

    def service(self, code: str) -> Service | None:
        return next((s for s in self.services if s.code == code), None)

    def benefit_of(self, motif: str | None) -> Benefit:
        return self.benefits.get(motif or "", Benefit.OTHER)


def _as_list(value: Value | None) -> list[str]:
    if value is None or isinstance(value, bool):
        return []
    return [value] if isinstance(value, str) else list(value)


def is_visible(service: Service, field: FormField, values: Mapping[str, Value]) -> bool:
    """Whether the field is shown, following its condition up the chain of fields it depends on."""
    seen: set[str] = set()
    current: FormField | None = field
    while current is not None and current.visible_when is not None:
        if current.name in seen:  # a cycle in a catalogue is a catalogue bug: hide the field
            return False
        seen.add(current.name)
        condition = current.visible_when
        if not set(_as_list(values.get(condition.field))) & set(condition.any_of):
            return False
        current = service.field(condition.field)
    return True


def _is_empty(value: Value | None) -> bool:
    return value is None or value is False or value == "" or value == []


def _check_choice_field(field: FormField, value: Value) -> tuple[Value, str | None]:
    if field.kind in {"select", "radio"}:
        if not isinstance(value, str):
            return value, "Une seule réponse est attendue."
        if value not in field.choices:
            return value, "Cette réponse ne fait pas partie des choix proposés."
        return value, None
    # multi
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return value, "Une liste de réponses est attendue."
    if len(set(value)) != len(value):
        return value, "Une même réponse est donnée deux fois."
    if any(v not in field.choices for v in value):
        return value, "Cette réponse ne fait pas partie des choix proposés."
    if len(value) < max(field.min_selected, 1 if field.required else 0):
        return value, "Sélectionnez au moins une réponse."
    if field.max_selected is not None and len(value) > field.max_selected:
        if field.max_selected == 1:
            return value, "Sélectionnez une seule réponse."
        return value, f"Sélectionnez au plus {field.max_selected} réponses."
    # Keep the catalogue's order, whatever order they were ticked in.
    return [c for c in field.choices if c in value], None


def _check_text_field(field: FormField, value: Value, today: date) -> tuple[Value, str | None]:
    if not isinstance(value, str):
        return value, "Un texte est attendu."
    cleaned = rules.clean_text(field.text_format, value)
    error = rules.validate_text(field.text_format, cleaned, today)
    if error is None and field.max_length is not None and len(cleaned) > field.max_length:
        error = f"{field.max_length} caractères maximum."
    return cleaned, error


def validate_submission(
    service: Service, values: Mapping[str, Value], today: date, *, attachment_count: int = 0
) -> tuple[dict[str, Value], dict[str, str]]:
    """Check a form against its service: returns the cleaned values and the errors by field.

    Cleaning applies the same transforms as typing (NOM in capitals, Prénom capitalised…).
    A hidden field must not be sent: its answers would be meaningless to the agent (SPEC §5).
    """
    cleaned: dict[str, Value] = {}
    errors: dict[str, str] = {}
    known = {f.name for f in service.fields}
    for name in values:
        if name not in known or name == "pieces_jointes":
            errors[name] = "Champ inconnu pour cette offre de service."

    for field in service.fields:
        if field.kind == "attachments":
            limit = field.max_files or 0
            if attachment_count > limit:
                errors[field.name] = f"{limit} pièces jointes maximum."
            continue
        value = values.get(field.name)
        visible = is_visible(service, field, values)
        if not visible:
            if not _is_empty(value):
                errors[field.name] = NOT_EXPECTED
            continue
        if _is_empty(value) or (isinstance(value, str) and not value.strip()):
            if field.required:
                errors[field.name] = (
                    "Le consentement de l'assuré est obligatoire."
                    if field.kind == "consent"
                    else rules.REQUIRED
                )
            continue
        assert value is not None
        error: str | None
        match field.kind:
            case "consent":
                error = None if value is True else "Le consentement de l'assuré est obligatoire."
            case "select" | "radio" | "multi":
                value, error = _check_choice_field(field, value)
            case _:  # text, textarea
                value, error = _check_text_field(field, value, today)
        if error:
            errors[field.name] = error
        else:
            cleaned[field.name] = value

    if attachment_count and not service.accepts_attachments:
        errors["pieces_jointes"] = "Cette offre de service n'accepte pas de pièce jointe."
    return cleaned, errors
