"""What import-linter's contracts (pyproject, `make lint`) cannot see.

No import loops inside pocketgui, counting every import: at module level, inside functions and
under TYPE_CHECKING. The layers contract sees only imports between packages; a loop inside one
package (flow.model ↔ flow.order_form was one) it cannot. grimp is the graph import-linter builds.

One import convention (docs/architecture.md): across packages, a name is imported from the
module that defines it, not through the package's `__init__`.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[1] / "pocketgui"


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


def imports_through_an_init(root: Path, skip: set[str]) -> list[str]:
    """`file: from pocketgui.X import name` for each name of another package taken from its
    `__init__` rather than from its module (a submodule, `from pocketgui.api import jsonio`, is
    a module: fine)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        where = path.relative_to(root)
        own = where.parts[0] if len(where.parts) > 1 else ""
        if own in skip:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module):
                continue
            parts = node.module.split(".")
            if len(parts) != 2 or parts[0] != root.name or parts[1] == own:
                continue
            package = root / parts[1]
            for alias in node.names:
                if not ((package / f"{alias.name}.py").exists() or (package / alias.name).is_dir()):
                    found.append(f"{where}: from {node.module} import {alias.name}")
    return found


def test_names_come_from_their_module_across_packages() -> None:
    assert imports_through_an_init(PACKAGE, set()) == []


def test_an_import_through_an_init_is_found(tmp_path: Path) -> None:
    root = tmp_path / "pocketgui"
    for package in ("api", "flow"):
        (root / package).mkdir(parents=True)
        (root / package / "__init__.py").write_text("")
    (root / "api" / "jsonio.py").write_text("")
    (root / "flow" / "model.py").write_text(
        "from pocketgui.api import Order, jsonio\nfrom pocketgui.api.models import Exchange\n")
    found = imports_through_an_init(root, set())
    assert found == ["flow/model.py: from pocketgui.api import Order"]
