"""A checkbox's or a radio button's label taken as written, never as markup.

Textual's ToggleButton reads a ``str`` label as markup in its private ``_make_label``; the
labels come from the catalogue the server serves (« [b]… » would be drawn bold, a stray
« [ » could raise). The label can be given as Rich ``Text`` instead, but the label reactive
goes through ``_make_label`` whatever it is given.

Upstream: no way to turn markup off for a toggle's label (no issue found, searched
2026-12-01; one is to be opened asking for ``markup=False`` as Static and Label have). Remove
this mixin then; tests/test_textual_compat.py fails if ``_make_label`` goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content, ContentText

if TYPE_CHECKING:
    from textual.widgets._toggle_button import ToggleButton

    _Mixin = ToggleButton
else:
    _Mixin = object


class LiteralLabel(_Mixin):
    """Mixin, before Checkbox or RadioButton in the bases."""

    def _make_label(self, label: ContentText) -> Content:
        return Content.from_text(label, markup=False).first_line.rstrip()
