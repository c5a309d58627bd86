"""Words that agree with their number, as the portal's French does: « 1 pièce jointe »,
« 8 pièces jointes », « 0 demande » (in French, 0 and 1 take the singular)."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str) -> str:
    """« 1 pièce jointe », « 4 pièces jointes », « 0 aller-retour »."""
    return f"{count} {singular if abs(count) <= 1 else plural_form}"
