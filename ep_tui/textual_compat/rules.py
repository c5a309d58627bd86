"""Styling a node reads only the rules that can match it, and a node shaped like one
styled before gets that node's rules without matching them again.

``Stylesheet.apply`` begins by finding the rules whose selectors name the node's type, id or
classes: it builds a set of those rules, then filters the whole stylesheet (342 rules in this
app) through it, hashing each rule, for every node styled and each of a node's component
classes. Which rules a node can match depends only on its selector names (type names, id,
classes) and on the stylesheet's rules, so ``NarrowedStylesheet`` remembers them per set of
names and, while ``apply`` runs, shows Textual's own code only those (rules hashed to open a
form: 55,586 → 21,192).

Then matching those rules against the node's path: what a selector reads of each node on the
path is its type, id and classes (its *shape*) and, where the selector names pseudo-classes
(``:focus``, ``:disabled``…), the answers to those. The matching here is Textual's, noting
each pseudo-class asked and its answer; the rules found are remembered under the path's
shapes with those answers, and a later node whose path has the same shapes and gives the same
answers gets them directly — the same form opened again, a field block like the one before.
Textual's own cache does this only among siblings mounted together, without the
pseudo-classes that depend on position. Measured on opening a form at 120×40: time in
``apply`` p50 21 → 12 ms (the rest is Textual applying the rules to the node's styles).

``RulesNarrowed`` (for the App, before ``App`` in the bases) makes every stylesheet the app
sets (at start, and when the CSS is reloaded for a theme) a ``NarrowedStylesheet``; a new
stylesheet starts with nothing remembered.

Upstream: no issue asks for it (docs/UPSTREAM.md, §10). tests/test_textual_compat.py fails
if ``apply`` stops reading the rules through ``rules``, ``rules_map``, ``_check_rule`` and
``replace_rules``, or if the matching it copies changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.css.model import CombinatorType
from textual.css.stylesheet import Stylesheet

from ep_tui.textual_compat.mixins import AppMixin

if TYPE_CHECKING:
    from textual.css.model import RuleSet, Selector
    from textual.css.styles import RulesMap
    from textual.css.types import Specificity3
    from textual.dom import DOMNode

Shape = tuple[type, str | None, frozenset[str]]
"""What a selector reads of a node but its pseudo-classes: its type, id and classes."""

_ALL_RULES = Stylesheet.rules.fget  # type: ignore[attr-defined]
_ALL_RULES_MAP = Stylesheet.rules_map.fget  # type: ignore[attr-defined]
_DESCENDENT = CombinatorType.DESCENDENT
_STYLINGS_PER_SHAPE = 8
"""A node of one shape in as many states of focus, hover, disabled… as are remembered."""
_SHAPES = 4096
"""Kinds of node remembered; past that, forgotten all at once (a long session's history
rows, each with its own id, would otherwise grow it without end)."""


class NarrowedStylesheet(Stylesheet):
    """A ``Stylesheet`` whose ``apply`` sees, through ``rules`` and ``rules_map``, only the
    rules that name something of the node being styled, and reuses what an earlier node of
    the same shape got (see the module's docstring)."""

    _narrowed: tuple[list[RuleSet], dict[str, list[RuleSet]]] | None = None
    _remembered_for: list[RuleSet] | None = None
    _remembered: dict[frozenset[str], tuple[list[RuleSet], dict[str, list[RuleSet]]]]
    _styled: dict[tuple[Shape, ...], list[_Styling]]
    _asked: list[tuple[int, set[str], bool]] | None = None
    _given: RulesMap | None = None

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
            self._styled = {}
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
        outer = self._narrowed, self._asked, self._given  # a component class is styled
        self._narrowed = self._candidates(frozenset(node._selector_names))  # within its node's
        try:
            path = node.css_path_nodes
            shape = tuple((type(each), each._id, frozenset(each._classes)) for each in path)
            for styling in self._styled.get(shape, ()):
                if styling.holds_for(path):
                    styling.give(self, node, animate)
                    return
            self._asked, self._given = [], None
            # Textual's own cache would answer without matching, so without asking the
            # pseudo-classes this styling depends on: this one replaces it.
            super().apply(node, animate=animate, cache=None)
            styled = self._styled.setdefault(shape, [])
            if len(styled) < _STYLINGS_PER_SHAPE:
                styled.append(_Styling(node, tuple(self._asked), self._given))
            if len(self._styled) > _SHAPES:
                self._styled.clear()
                self._remembered.clear()
        finally:
            self._narrowed, self._asked, self._given = outer

    def _check_rule(  # type: ignore[override]
        self, rule_set: RuleSet, css_path_nodes: list[DOMNode]
    ) -> Iterable[Specificity3]:
        """Textual's, with every pseudo-class asked of a node, and its answer, noted."""
        asked = self._asked
        for selector_set in rule_set.selector_set:
            if _matches(selector_set.selectors, css_path_nodes, asked):
                yield selector_set.specificity

    def replace_rules(  # type: ignore[override]
        self, node: DOMNode, rules: RulesMap, animate: bool = False
    ) -> None:
        self._given = rules
        Stylesheet.replace_rules(node, rules, animate=animate)


class _Styling:
    """What styling a node gave, and the pseudo-classes it asked of the node and its
    ancestors to find it: a node of the same shape whose answers are the same gets the same,
    since matching reads nothing else."""

    __slots__ = ("asked", "rules", "flags")

    def __init__(
        self, node: DOMNode, asked: tuple[tuple[int, set[str], bool], ...], rules: RulesMap | None
    ) -> None:
        self.asked = asked
        self.rules = rules  # None: no rule applies (Textual then leaves the styles alone)
        self.flags = (node._has_hover_style, node._has_focus_within, node._has_order_style,
                      node._has_odd_or_even)  # fmt: skip

    def holds_for(self, path: list[DOMNode]) -> bool:
        return all(path[index].has_pseudo_classes(names) == answer
                   for index, names, answer in self.asked)  # fmt: skip

    def give(self, sheet: NarrowedStylesheet, node: DOMNode, animate: bool) -> None:
        """What ``Stylesheet.apply`` does once it has found the rules."""
        (node._has_hover_style, node._has_focus_within, node._has_order_style,
         node._has_odd_or_even) = self.flags  # fmt: skip
        if self.rules is not None:
            Stylesheet.replace_rules(node, self.rules, animate=animate)
        sheet._process_component_classes(node)


def _matches(
    selectors: list[Selector], path: list[DOMNode], asked: list[tuple[int, set[str], bool]] | None
) -> bool:
    """``textual.css.match._check_selectors`` with ``Selector.check`` inlined, noting in
    ``asked`` each pseudo-class check and its answer."""
    node = path[-1]
    path_count = len(path)
    selector_count = len(selectors)
    stack: list[tuple[int, int]] = [(0, 0)]
    push = stack.append
    pop = stack.pop
    while stack:
        selector_index, node_index = stack[-1]
        if selector_index == selector_count or node_index == path_count:
            pop()
            continue
        path_node = path[node_index]
        selector = selectors[selector_index]
        matched = selector._check(path_node)
        if matched and selector.pseudo_classes:
            matched = path_node.has_pseudo_classes(selector.pseudo_classes)
            if asked is not None:
                asked.append((node_index, selector.pseudo_classes, matched))
        if selector.combinator == _DESCENDENT:
            if matched:
                if path_node is node and selector_index == selector_count - 1:
                    return True
                stack[-1] = (selector_index + 1, node_index + selector.advance)
                push((selector_index, node_index + 1))
            else:
                stack[-1] = (selector_index, node_index + 1)
        elif matched:
            if path_node is node and selector_index == selector_count - 1:
                return True
            stack[-1] = (selector_index + 1, node_index + selector.advance)
        else:
            pop()
    return False


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
