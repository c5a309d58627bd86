"""Styling a node reads only the rules that can match it, found once per kind of node.

``Stylesheet.apply`` begins by finding the rules whose selectors name the node's type, id or
classes: it builds a set of those rules, then filters the whole stylesheet (342 rules in this
app) through it, hashing each rule, for every node styled and each of a node's component
classes. Which rules a node can match depends only on its selector names (type names, id,
classes) and on the stylesheet's rules, so ``NarrowedStylesheet`` remembers them per set of
names and, while ``apply`` runs, shows Textual's own code only those: matching them against
the node's path (ancestors, pseudo-classes) and everything after is unchanged. Measured on
opening a form (cProfile, deterministic): rules hashed 55,586 → 21,192, Python calls to the
form settled 578,4xx → 479,1xx.

``RulesNarrowed`` (for the App, before ``App`` in the bases) makes every stylesheet the app
sets (at start, and when the CSS is reloaded for a theme) a ``NarrowedStylesheet``.

Upstream: no issue asks for it (docs/UPSTREAM.md, §10). tests/test_textual_compat.py fails
if ``apply`` stops reading the rules through ``rules`` and ``rules_map``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.css.stylesheet import Stylesheet

from ep_tui.textual_compat.mixins import AppMixin

if TYPE_CHECKING:
    from textual.css.model import RuleSet
    from textual.css.styles import RulesMap
    from textual.dom import DOMNode

_ALL_RULES = Stylesheet.rules.fget  # type: ignore[attr-defined]
_ALL_RULES_MAP = Stylesheet.rules_map.fget  # type: ignore[attr-defined]


class NarrowedStylesheet(Stylesheet):
    """A ``Stylesheet`` whose ``apply`` sees, through ``rules`` and ``rules_map``, only the
    rules that name something of the node being styled."""

    _narrowed: tuple[list[RuleSet], dict[str, list[RuleSet]]] | None = None
    _remembered_for: list[RuleSet] | None = None
    _remembered: dict[frozenset[str], tuple[list[RuleSet], dict[str, list[RuleSet]]]]

    @property  # type: ignore[override]
    def rules(self) -> list[RuleSet]:
        if self._narrowed is not None:
            return self._narrowed[0]
        return _ALL_RULES(self)  # type: ignore[no-any-return]

    @property  # type: ignore[override]
    def rules_map(self) -> dict[str, list[RuleSet]]:
        if self._narrowed is not None:
            return self._narrowed[1]
        return _ALL_RULES_MAP(self)  # type: ignore[no-any-return]

    def _candidates(self, names: frozenset[str]) -> tuple[list[RuleSet], dict[str, list[RuleSet]]]:
        every_rule = _ALL_RULES(self)
        if self._remembered_for is not every_rule:  # parsed again: a theme, a reload
            self._remembered_for = every_rule
            self._remembered = {}
        remembered = self._remembered.get(names)
        if remembered is None:
            rules_map = _ALL_RULES_MAP(self)
            naming = {rule for name in rules_map.keys() & names for rule in rules_map[name]}
            rules = [rule for rule in every_rule if rule in naming]  # the stylesheet's order
            # Textual reads the map only under the node's own names: one name reaches them all.
            one_name = {name: rules for name in sorted(names)[:1]}
            remembered = self._remembered[names] = (rules, one_name)
        return remembered

    def apply(
        self,
        node: DOMNode,
        *,
        animate: bool = False,
        cache: dict[tuple[Any, ...], RulesMap] | None = None,
    ) -> None:
        outer = self._narrowed  # a component class is styled within its node's styling
        self._narrowed = self._candidates(frozenset(node._selector_names))
        try:
            super().apply(node, animate=animate, cache=cache)
        finally:
            self._narrowed = outer


class RulesNarrowed(AppMixin):
    """App mixin, before ``App`` in the bases."""

    @property  # type: ignore[override]
    def stylesheet(self) -> Stylesheet:
        return self.__dict__["_narrowed_stylesheet"]  # type: ignore[no-any-return]

    @stylesheet.setter
    def stylesheet(self, stylesheet: Stylesheet) -> None:
        if type(stylesheet) is Stylesheet:
            stylesheet.__class__ = NarrowedStylesheet
        self.__dict__["_narrowed_stylesheet"] = stylesheet
