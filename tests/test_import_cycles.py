"""No import circles inside ``policykit/``.

Every ``import`` of every module counts — at the top of the module or inside a function
(a lazy import still ties the two modules together) — except under ``if TYPE_CHECKING:``.
The graph's strongly connected components are the circles; each is named in the failure.
"""

from __future__ import annotations

import ast
from pathlib import Path

from policykit.policy.rulegraph import strongly_connected

PACKAGE = Path(__file__).resolve().parents[1] / "policykit"

def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"))


def imported_names(tree: ast.Module, module: str, is_package: bool) -> set[str]:
    """Every module name an import statement of ``tree`` may load (``from a import b``: a and a.b)."""
    names: set[str] = set()
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if _type_checking_only(node):
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[:len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            names.add(source)
            names.update(f"{source}.{alias.name}" for alias in node.names)
        pending.extend(ast.iter_child_nodes(node))
    return names


def import_graph() -> dict[str, list[str]]:
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found = imported_names(tree, module, path.name == "__init__.py")
        graph[module] = sorted(name for name in found if name in files and name != module)
    return graph


def circles(graph: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(component) for component in strongly_connected(graph) if len(component) > 1}


def describe(circle: frozenset[str], graph: dict[str, list[str]]) -> str:
    """One loop through the circle, e.g. ``a → b → a``."""
    start = min(circle)
    path, seen = [start], {start}
    while True:
        following = [name for name in graph[path[-1]] if name in circle]
        if start in following and len(path) > 1:
            return " → ".join(path + [start])
        unvisited = [name for name in following if name not in seen]
        if not unvisited:
            return " → ".join(path + [following[0]])
        path.append(unvisited[0])
        seen.add(unvisited[0])


def test_no_import_circles():
    graph = import_graph()
    found = circles(graph)
    assert not found, "import circles inside policykit/: " + "; ".join(sorted(
        f"{describe(c, graph)} (modules on the circle: {', '.join(sorted(c))})" for c in found))


def test_the_graph_sees_lazy_imports_and_names_the_circle():
    tree = ast.parse("def f():\n    from policykit.b import g\n")
    assert imported_names(tree, "policykit.a", False) == {"policykit.b", "policykit.b.g"}
    graph = {"policykit.a": ["policykit.b"], "policykit.b": ["policykit.c"], "policykit.c": ["policykit.a"],
             "policykit.d": ["policykit.a"]}
    found = circles(graph)
    assert found == {frozenset({"policykit.a", "policykit.b", "policykit.c"})}
    assert describe(next(iter(found)), graph) == "policykit.a → policykit.b → policykit.c → policykit.a"


def test_type_checking_imports_do_not_count():
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from policykit.b import g\n")
    assert "policykit.b" not in imported_names(tree, "policykit.a", False)
