"""Coverage as text, lcov and Cobertura XML, keyed to the policy files' lines.

In lcov and Cobertura each rule is a *function* / *method* at the line of its key, hit
once per case that evaluated it; each leaf gives two *branches* (true, false) at its own
line, taken when the leaf decided with that value. A line's hit count is how often the
rules on it were evaluated, so viewers paint a never-evaluated rule red and a rule with
an undecided leaf yellow.
"""

from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from policykit.testing.coverage import Coverage, FileCoverage, percent


def render_text(coverage: Coverage) -> str:
    out = [f"coverage: {coverage.covered}/{coverage.branches} branches ({coverage.percent:.2f}%)"]
    for file in coverage.files.values():
        out.append(f"  {file.path}: {file.evaluated_rules}/{len(file.rules)} rules evaluated, "
                   f"{file.covered}/{file.branches} branches ({percent(file.covered, file.branches):.2f}%)")
        for rule in file.rules.values():
            if not rule.evaluated:
                out.append(f"    {file.path}:{rule.line}: {rule.name}: never evaluated")
                continue
            for leaf in rule.leaves:
                missing = leaf.missing()
                if missing:
                    never = " or ".join("true" if m else "false" for m in missing)
                    out.append(f"    {file.path}:{leaf.line}:{leaf.column}: {rule.name}: {leaf.text} never decided {never}")
    unreached = coverage.unreached_defaults()
    if coverage.defaults:
        out.append(f"  registered defaults: {len(coverage.defaults) - len(unreached)}/{len(coverage.defaults)} "
                   "reached by some case")
        out.extend(f"    not reached: {name}" for name in unreached)
    return "\n".join(out)


def _lines(file: FileCoverage) -> dict[int, int]:
    """line → hits: a rule's key line and every line its leaves are on."""
    hits: dict[int, int] = {}
    for rule in file.rules.values():
        for line in {rule.line, *(leaf.line for leaf in rule.leaves)}:
            if line is not None:
                hits[line] = max(hits.get(line, 0), rule.evaluated)
    return dict(sorted(hits.items()))


def _branches(file: FileCoverage):
    """(line, block, branch, taken or None) — None when the rule was never evaluated."""
    for block, rule in enumerate(file.rules.values()):
        for index, leaf in enumerate(rule.leaves):
            for outcome in leaf.outcomes:
                number = index * 2 + (0 if outcome else 1)
                taken = leaf.hits[outcome] if rule.evaluated else None
                yield leaf.line or rule.line, block, number, taken


def render_lcov(coverage: Coverage) -> str:
    out = ["TN:policykit"]
    for file in coverage.files.values():
        out.append(f"SF:{os.path.abspath(file.path)}")
        for rule in file.rules.values():
            out.append(f"FN:{rule.line},{rule.name}")
        for rule in file.rules.values():
            out.append(f"FNDA:{rule.evaluated},{rule.name}")
        out.append(f"FNF:{len(file.rules)}")
        out.append(f"FNH:{file.evaluated_rules}")
        found = hit = 0
        for line, block, number, taken in _branches(file):
            out.append(f"BRDA:{line},{block},{number},{'-' if taken is None else taken}")
            found += 1
            hit += 1 if taken else 0
        out.append(f"BRF:{found}")
        out.append(f"BRH:{hit}")
        lines = _lines(file)
        out.extend(f"DA:{line},{count}" for line, count in lines.items())
        out.append(f"LF:{len(lines)}")
        out.append(f"LH:{sum(1 for count in lines.values() if count)}")
        out.append("end_of_record")
    return "\n".join(out) + "\n"


def _rate(covered: int, total: int) -> str:
    return f"{(covered / total) if total else 1.0:.4f}"


def _line_elements(parent: ET.Element, file: FileCoverage, rules) -> tuple[int, int, int, int]:
    lines_el = ET.SubElement(parent, "lines")
    by_line: dict[int, list[int]] = {}  # line → [covered branches, branches]
    for rule in rules:
        for leaf in rule.leaves:
            line = leaf.line or rule.line
            entry = by_line.setdefault(line, [0, 0])
            entry[0] += leaf.covered
            entry[1] += len(leaf.outcomes)
    hits: dict[int, int] = {}
    for rule in rules:
        for line in {rule.line, *(leaf.line for leaf in rule.leaves)}:
            if line is not None:
                hits[line] = max(hits.get(line, 0), rule.evaluated)
    lines_covered = branches_covered = branches = 0
    for line in sorted(hits):
        attributes = {"number": str(line), "hits": str(hits[line]), "branch": "false"}
        covered, total = by_line.get(line, (0, 0))
        if total:
            attributes["branch"] = "true"
            attributes["condition-coverage"] = f"{round(100 * covered / total)}% ({covered}/{total})"
        element = ET.SubElement(lines_el, "line", attributes)
        if total:
            conditions = ET.SubElement(element, "conditions")
            ET.SubElement(conditions, "condition", {"number": "0", "type": "jump",
                                                    "coverage": f"{round(100 * covered / total)}%"})
        lines_covered += 1 if hits[line] else 0
        branches_covered += covered
        branches += total
    return lines_covered, len(hits), branches_covered, branches


def render_cobertura(coverage: Coverage, source_root: str | Path | None = None) -> str:
    root_dir = Path(source_root or os.getcwd()).resolve()
    document = ET.Element("coverage")
    sources = ET.SubElement(document, "sources")
    ET.SubElement(sources, "source").text = str(root_dir)
    packages = ET.SubElement(document, "packages")
    package = ET.SubElement(packages, "package", {"name": "policies"})
    classes = ET.SubElement(package, "classes")
    totals = [0, 0, 0, 0]
    for file in coverage.files.values():
        absolute = Path(file.path).resolve()
        try:
            filename = absolute.relative_to(root_dir).as_posix()
        except ValueError:
            filename = absolute.as_posix()
        element = ET.SubElement(classes, "class", {"name": filename, "filename": filename})
        methods = ET.SubElement(element, "methods")
        for rule in file.rules.values():
            method = ET.SubElement(methods, "method", {"name": rule.name, "signature": ""})
            counts = _line_elements(method, file, [rule])
            method.set("line-rate", _rate(counts[0], counts[1]))
            method.set("branch-rate", _rate(counts[2], counts[3]))
            method.set("complexity", str(counts[3]))
        counts = _line_elements(element, file, list(file.rules.values()))
        element.set("line-rate", _rate(counts[0], counts[1]))
        element.set("branch-rate", _rate(counts[2], counts[3]))
        element.set("complexity", str(counts[3]))
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    package.set("line-rate", _rate(totals[0], totals[1]))
    package.set("branch-rate", _rate(totals[2], totals[3]))
    package.set("complexity", str(totals[3]))
    document.attrib.update({
        "line-rate": _rate(totals[0], totals[1]), "branch-rate": _rate(totals[2], totals[3]),
        "lines-covered": str(totals[0]), "lines-valid": str(totals[1]),
        "branches-covered": str(totals[2]), "branches-valid": str(totals[3]),
        "complexity": str(totals[3]), "version": "policykit", "timestamp": str(int(time.time() * 1000)),
    })
    ET.indent(document)
    body = ET.tostring(document, encoding="unicode")
    return ('<?xml version="1.0" ?>\n'
            "<!DOCTYPE coverage SYSTEM 'http://cobertura.sourceforge.net/xml/coverage-04.dtd'>\n" + body + "\n")
