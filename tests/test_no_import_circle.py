"""No circle between modules, anywhere in the three packages (issue 16).

import-linter's contracts (pyproject.toml) forbid the arrows we know to be wrong; this catches
the ones nobody thought of: any two modules that reach each other, directly or through others,
lazy imports in functions included (they are still a dependency, only a later one). Imports
made for type annotations alone do not run, so they do not count.
"""

from __future__ import annotations

import grimp

PACKAGES = ("ep_contract", "ep_tui", "mock_server")


def import_circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative: the
    graph has hundreds of modules and Python's recursion limit is not a design constraint)."""
    modules = sorted(graph.modules)
    arrows = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            module, next_arrow = work.pop()
            if next_arrow == 0:
                index[module] = low[module] = len(index)
                stack.append(module)
                on_stack.add(module)
            targets = arrows[module]
            if next_arrow < len(targets):
                work.append((module, next_arrow + 1))
                target = targets[next_arrow]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            if low[module] == index[module]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == module:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
    return circles


def test_no_module_reaches_back_to_a_module_that_imports_it() -> None:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)
    assert import_circles(graph) == []


def test_the_circle_finder_finds_a_circle_through_a_third_module() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.b", "a.c", "a.d", "a.e"):
        graph.add_module(module)
    graph.add_import(importer="a.b", imported="a.c")
    graph.add_import(importer="a.c", imported="a.d")
    graph.add_import(importer="a.d", imported="a.b")
    graph.add_import(importer="a.d", imported="a.e")
    assert import_circles(graph) == [["a.b", "a.c", "a.d"]]
