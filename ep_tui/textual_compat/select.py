"""A drop-down whose key bar speaks French.

Textual's Select opens a list (``SelectOverlay``, in the private module
``textual.widgets._select``) whose only key reads « esc Dismiss menu » in the key bar; the list
and its composition are not public. ``FrenchSelect`` composes Textual's two parts itself, with
the list's key described in French.

Upstream: no way to give the text (no issue found, searched 2026-12-01); to remove when
Textual lets a Select name its list's keys. tests/test_textual_compat.py fails if the private
names used here change.
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

SelectType = TypeVar("SelectType")


class FrenchSelectOverlay(SelectOverlay):
    BINDINGS = [Binding("escape", "dismiss", "Fermer la liste")]


class FrenchSelect(Select[SelectType]):
    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield FrenchSelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )
