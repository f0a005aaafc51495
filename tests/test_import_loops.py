"""No import loops inside pocketgui, counting every import: at module level, inside functions and
under TYPE_CHECKING. import-linter's layers contract (pyproject, `make lint`) sees only imports
between packages; a loop inside one package (flow.model ↔ flow.order_form was one) it cannot see.
grimp is the graph import-linter itself builds."""

from __future__ import annotations

import graphlib

import grimp


def import_graph(package: str) -> dict[str, set[str]]:
    graph = grimp.build_graph(package, cache_dir=None)
    return {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}


def first_loop(imports: dict[str, set[str]]) -> list[str]:
    """One loop as [a, b, …, a], or [] when there is none."""
    try:
        graphlib.TopologicalSorter(imports).prepare()
    except graphlib.CycleError as loop:
        return list(loop.args[1])
    return []


def test_pocketgui_has_no_import_loop() -> None:
    assert first_loop(import_graph("pocketgui")) == []


def test_first_loop_names_a_loop_of_three_modules() -> None:
    loop = first_loop({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})
    assert set(loop) == {"a", "b", "c"} and loop[0] == loop[-1] and len(loop) == 4
