"""Branch coverage of policy rules: which rules the cases reached, which leaves decided.

A rule is *evaluated* when some case's decision walked into it — as the enforced name,
or through ``rule:`` from another rule. Within a rule, every leaf (``role:``,
``project_id:%(...)s``, ``rule:x``, ``@``, ``!``) has two branches, true and false (``@``
and ``!`` one each); a branch is covered when, in some case, that leaf was *decisive*
with that result — its value fixed the rule's outcome (the last evaluated child of a
short-circuited ``or``/``and``, or every child when none short-circuited). A leaf that
is evaluated but never decides is not covered. ``rule:x`` is a leaf of the rule that
says it, and ``x`` is covered on its own from the same walk.

Registered defaults that no policy file overrides are listed with whether any case
reached them; the percentage (``--fail-under``) is the covered share of the policy
files' branches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policykit.policy import ast


@dataclass
class LeafCoverage:
    path: tuple[int, ...]  # child indices from the rule's root
    text: str
    line: int | None
    column: int | None
    outcomes: tuple[bool, ...]  # the results this leaf can have
    hits: dict[bool, int] = field(default_factory=lambda: {True: 0, False: 0})

    @property
    def covered(self) -> int:
        return sum(1 for outcome in self.outcomes if self.hits[outcome])

    def missing(self) -> list[bool]:
        return [outcome for outcome in self.outcomes if not self.hits[outcome]]

    def to_dict(self) -> dict:
        return {"check": self.text, "line": self.line, "column": self.column,
                "decisive_true": self.hits[True], "decisive_false": self.hits[False],
                "branches": len(self.outcomes), "covered": self.covered,
                "missing": ["true" if m else "false" for m in self.missing()]}


@dataclass
class RuleCoverage:
    name: str
    rule: str
    line: int | None
    leaves: list[LeafCoverage]
    evaluated: int = 0

    @property
    def branches(self) -> int:
        return sum(len(leaf.outcomes) for leaf in self.leaves)

    @property
    def covered(self) -> int:
        return sum(leaf.covered for leaf in self.leaves)

    def to_dict(self) -> dict:
        return {"name": self.name, "rule": self.rule, "line": self.line, "evaluated": self.evaluated,
                "branches": self.branches, "covered": self.covered,
                "leaves": [leaf.to_dict() for leaf in self.leaves]}


@dataclass
class FileCoverage:
    path: str
    rules: dict[str, RuleCoverage] = field(default_factory=dict)

    @property
    def branches(self) -> int:
        return sum(rule.branches for rule in self.rules.values())

    @property
    def covered(self) -> int:
        return sum(rule.covered for rule in self.rules.values())

    @property
    def evaluated_rules(self) -> int:
        return sum(1 for rule in self.rules.values() if rule.evaluated)

    def to_dict(self) -> dict:
        return {"path": self.path, "rules_total": len(self.rules), "rules_evaluated": self.evaluated_rules,
                "branches": self.branches, "branches_covered": self.covered,
                "percent": round(percent(self.covered, self.branches), 2),
                "rules": [rule.to_dict() for rule in self.rules.values()]}


def percent(covered: int, total: int) -> float:
    """Exact (compare with --fail-under as is; round only for display)."""
    return 100.0 if total == 0 else 100.0 * covered / total


def leaves_of(check: ast.Check, path: tuple[int, ...] = ()):
    """(path, leaf) for every leaf of a rule tree, left to right (``rule:`` is a leaf)."""
    if isinstance(check, (ast.AndCheck, ast.OrCheck, ast.NotCheck)):
        for index, child in enumerate(check.children()):
            yield from leaves_of(child, path + (index,))
    else:
        yield path, check


def _outcomes(check: ast.Check) -> tuple[bool, ...]:
    if isinstance(check, ast.TrueCheck):
        return (True,)
    if isinstance(check, ast.FalseCheck):
        return (False,)
    return (True, False)


def decisive(step, path: tuple[int, ...] = ()):
    """(path, result) of the leaves of one rule's tree that fixed its outcome in this walk."""
    check = step.check
    if isinstance(check, (ast.AndCheck, ast.OrCheck)):
        evaluated = [(index, child) for index, child in enumerate(step.children) if not child.skipped]
        if not evaluated:
            return
        index, last = evaluated[-1]
        stops_on = isinstance(check, ast.OrCheck)
        if last.error is not None or step.children[-1].skipped or bool(last.result) is stops_on:
            yield from decisive(last, path + (index,))
        else:
            for index, child in evaluated:
                yield from decisive(child, path + (index,))
    elif isinstance(check, ast.NotCheck):
        if step.children:
            yield from decisive(step.children[0], path + (0,))
    elif step.result is not None and not step.skipped:
        yield path, bool(step.result)


class Coverage:
    """Collects explanations of many cases, over many states, into per-file coverage."""

    def __init__(self):
        self.files: dict[str, FileCoverage] = {}
        self.defaults: dict[str, dict] = {}  # registered name → {"source", "reached"}
        self._seen_states: set[int] = set()
        self._index: dict[tuple[int, str], RuleCoverage] = {}  # (id(state), rule name) → coverage

    # -- the universe: every rule of every policy file a state loaded --------------------

    def _register(self, state) -> None:
        self._seen_states.add(id(state))
        policy = state.policy
        document = policy.document
        definitions = getattr(document, "definitions", {}) if document is not None else {}
        for name, definition in definitions.items():
            if not isinstance(name, str) or definition.check is None:
                continue
            file = self.files.setdefault(definition.path, FileCoverage(definition.path))
            rule = file.rules.get(name)
            if rule is None:
                rule = file.rules[name] = _rule_coverage(name, definition)
            self._index[(id(state), name)] = rule
        for name, default in policy.registered.items():
            if name not in policy.file_rules:
                entry = self.defaults.setdefault(name, {"name": name, "check_str": default.check_str, "reached": 0})
                self._index[(id(state), name)] = entry

    # -- recording ----------------------------------------------------------------------

    def record(self, state, explanation) -> None:
        if id(state) not in self._seen_states:
            self._register(state)
        if explanation is None or explanation.root is None or not isinstance(explanation.resolved, str):
            return
        self._visit(state, explanation.resolved, explanation.root)

    def _visit(self, state, name: str, root) -> None:
        entry = self._index.get((id(state), name))
        if isinstance(entry, RuleCoverage):
            entry.evaluated += 1
            by_path = {leaf.path: leaf for leaf in entry.leaves}
            for path, result in decisive(root):
                leaf = by_path.get(path)
                if leaf is not None:
                    leaf.hits[result] += 1
        elif isinstance(entry, dict):
            entry["reached"] += 1
        stack = [root]
        while stack:
            step = stack.pop()
            if isinstance(step.check, ast.RuleCheck):
                if step.children and isinstance(step.reference, str) and not step.skipped:
                    self._visit(state, step.reference, step.children[0])
                continue
            stack.extend(step.children)

    # -- results ------------------------------------------------------------------------

    @property
    def branches(self) -> int:
        return sum(file.branches for file in self.files.values())

    @property
    def covered(self) -> int:
        return sum(file.covered for file in self.files.values())

    @property
    def percent(self) -> float:
        return percent(self.covered, self.branches)

    def unreached_defaults(self) -> list[str]:
        return sorted(name for name, entry in self.defaults.items() if not entry["reached"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "percent": round(self.percent, 2), "branches": self.branches, "branches_covered": self.covered,
            "files": [file.to_dict() for file in self.files.values()],
            "registered_defaults": {"total": len(self.defaults),
                                    "reached": sum(1 for e in self.defaults.values() if e["reached"]),
                                    "unreached": self.unreached_defaults()},
        }


def _rule_coverage(name: str, definition) -> RuleCoverage:
    leaves = []
    for path, leaf in leaves_of(definition.check):
        line = column = None
        span = leaf.span
        if span is not None:
            location = definition.location_of(span.start, span.end)
            line, column = location.line, location.column
        else:
            location = definition.value_location
            line, column = location.line, location.column
        leaves.append(LeafCoverage(path, str(leaf), line, column, _outcomes(leaf)))
    return RuleCoverage(name, str(definition.check), definition.key_location.line, leaves)
