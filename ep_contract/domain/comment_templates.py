"""« Modèles de commentaire »: texts a structure writes once and inserts in any comment.

A template's body becomes a comment: the same rules (ep_contract.domain.fields.
validate_comment) and the same warnings (health data, a NIR whose key is wrong) — on the
template when it is saved, and again in the comment it lands in.
"""

from __future__ import annotations

from ep_contract.domain.fields import REQUIRED, validate_comment
from ep_contract.domain.text import FORBIDDEN_MESSAGE, forbidden_characters

TITLE_MAX = 80
"""A title is what the picker lists: one line at 80 columns."""
TEMPLATES_MAX = 200
"""Per structure: a list one can still read through."""


def validate_title(value: str) -> str | None:
    if not value.strip():
        return REQUIRED
    if len(value) > TITLE_MAX:
        return f"{TITLE_MAX} caractères maximum."
    if "\n" in value or "\r" in value or forbidden_characters(value):
        return FORBIDDEN_MESSAGE
    return None


def template_errors(title: str, body: str) -> dict[str, str]:
    """Each field's message, as the form and the server say it."""
    errors = {"title": validate_title(title), "body": validate_comment(body)}
    return {name: message for name, message in errors.items() if message}
