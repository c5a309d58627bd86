"""A drop-down whose key bar speaks French, and whose texts are never read as markup.

Textual's Select opens a list (``SelectOverlay``, in the private module
``textual.widgets._select``) whose only key reads « esc Dismiss menu » in the key bar; the list
and its composition are not public. ``FrenchSelect`` composes Textual's two parts itself, with
the list's key described in French.

Textual reads a ``str`` prompt as markup (« [b]… », « [@click=…] »); the options and the
placeholder come from the catalogue the server serves, so ``FrenchSelect`` turns them into
Rich ``Text`` (literal, and still found by type-to-search, which reads ``Text`` and ``str``
prompts only).

Upstream: no way to give the text (no issue found, searched 2026-12-01); to remove when
Textual lets a Select name its list's keys. tests/test_textual_compat.py fails if the private
names used here change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay

SelectType = TypeVar("SelectType")


class FrenchSelectOverlay(SelectOverlay):
    BINDINGS = [Binding("escape", "dismiss", "Fermer la liste")]


def _literal(
    options: Iterable[tuple[RenderableType, SelectType]],
) -> list[tuple[RenderableType, SelectType]]:
    return [(Text(p) if isinstance(p, str) else p, value) for p, value in options]


class FrenchSelect(Select[SelectType]):
    def __init__(self, options: Iterable[tuple[RenderableType, SelectType]], **kwargs: Any):
        super().__init__(_literal(options), **kwargs)

    def set_options(self, options: Iterable[tuple[RenderableType, SelectType]]) -> None:
        super().set_options(_literal(options))

    def compose(self) -> ComposeResult:
        current = SelectCurrent(self.prompt)
        current.placeholder = Text(self.prompt)  # type: ignore[assignment]
        yield current
        yield FrenchSelectOverlay(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact
        )
