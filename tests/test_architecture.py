"""docs/architecture.md's package table is true: every import in policykit/ is one its row allows."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ("policykit.errors", "policykit.findings", "policykit.compose", "policykit.sources", "policykit.suggest")
_ROW = re.compile(r"^\| `(policykit[\w.]*)` \| (.*) \| (.*) \|$")


def table() -> dict[str, tuple[set[str] | None, bool]]:
    """package -> (what it may import, None for anything; whether it is still being built)."""
    rows = {}
    for line in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines():
        found = _ROW.match(line)
        if not found:
            continue
        package, job, allowed = found.groups()
        if allowed.strip() == "anything":
            rows[package] = (None, job.startswith("Being built"))
            continue
        names = set(re.findall(r"`(policykit[\w.]*)`", allowed))
        if re.search(r"\bcore\b", allowed):
            names.update(CORE)
        rows[package] = (names, job.startswith("Being built"))
    return rows


def package_of(module: str, packages) -> str | None:
    """The table's row for ``module``: the longest package name that is it or contains it."""
    owners = [p for p in packages if module == p or module.startswith(p + ".")]
    owners = [p for p in owners if p != "policykit" or module == "policykit"]
    return max(owners, key=len) if owners else None


def imports_of(path: Path, module: str):
    """(imported module, line) for every import of a policykit module, at any depth."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base == "policykit":  # from policykit import services: the module, not the package
                for alias in node.names:
                    yield f"{base}.{alias.name}", node.lineno
            elif base.startswith("policykit"):
                yield base, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("policykit"):
                    yield alias.name, node.lineno


def modules():
    for path in sorted((ROOT / "policykit").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_package_has_a_row():
    rows = table()
    assert {"policykit.policy", "policykit.lint", "policykit.rules", "policykit.findings"} <= set(rows)
    missing = sorted({m for _, m in modules() if package_of(m, rows) is None})
    assert not missing, f"docs/architecture.md has no row for {missing}"


def test_every_import_is_one_the_table_allows():
    rows = table()
    wrong = []
    for path, module in modules():
        owner = package_of(module, rows)
        if owner is None:
            continue  # test_every_package_has_a_row names it
        allowed, building = rows[owner]
        if allowed is None or building:
            continue
        for target, line in imports_of(path, module):
            target_owner = package_of(target, rows)
            if target_owner == owner or target_owner is None:
                continue
            if target_owner not in allowed:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {owner} imports {target_owner}")
    assert not wrong, "imports docs/architecture.md does not allow:\n" + "\n".join(wrong)
