"""The permission matrix: every action × every persona class × three targets.

Each cell is decided by the compiled engine (``Policy.enforce``) on the target the
service would build (``targets.build_target``) for the persona class's representative,
for the three relations ``own``, ``other-project``, ``other-domain``; the three outcomes
are summed up as a verdict:

========  ====================================================
``any``   allowed on any project (own, other project, other domain)
``domain``  allowed in the persona's domain only (own and other project)
``own``   allowed on the persona's own project/user/domain only
``deny``  denied on all three
``mixed`` another combination (e.g. allowed only on *other* projects)
``error`` evaluation raised for some target (oslo.policy raises there too)
========  ====================================================

With ``branches`` every cell also carries, per relation, the deciding branch (the leaves
whose results fixed the outcome, from ``policykit.policy.explain``). ``to_dict`` is the
JSON every renderer (text, markdown, csv, the HTML page) is a view of.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from policykit.analysis import targets as targets_mod
from policykit.analysis.personas import PersonaClass, persona_classes
from policykit.analysis.state import PolicyState, RuleOrigin
from policykit.errors import EvaluationError, InputError
from policykit.policy.enforcer import policy_creds, token_scope
from policykit.suggest import suggest

ANY, DOMAIN, OWN, DENY, MIXED, ERROR = "any", "domain", "own", "deny", "mixed", "error"
VERDICTS = {
    (True, True, True): ANY, (True, True, False): DOMAIN, (True, False, False): OWN, (False, False, False): DENY,
}
VERDICT_TEXT = {ANY: "allowed on any project", DOMAIN: "allowed in the same domain", OWN: "own only",
                DENY: "denied", MIXED: "allowed on some targets only", ERROR: "evaluation error"}
MATRIX_FORMAT = "policykit-matrix/1"
_VERB = re.compile(r"^(get|list|show|create|update|delete|add|remove|check|set|put|patch|index|detail)_(.+)$")


@dataclass
class Cell:
    outcomes: dict[str, bool | None]  # relation → allowed (None: evaluation raised)
    errors: dict[str, str] = field(default_factory=dict)  # relation → reason
    branches: dict[str, str] = field(default_factory=dict)  # relation → deciding branch

    @property
    def verdict(self) -> str:
        values = tuple(self.outcomes[r] for r in targets_mod.RELATIONS)
        if any(v is None for v in values):
            return ERROR
        return VERDICTS.get(values, MIXED)

    @property
    def allowed_somewhere(self) -> bool:
        return any(v for v in self.outcomes.values())

    def to_dict(self) -> dict:
        verdict = self.verdict
        data: dict[str, Any] = {
            "verdict": verdict, "text": VERDICT_TEXT[verdict],
            "outcomes": {r: ("error" if v is None else "allow" if v else "deny") for r, v in self.outcomes.items()}}
        if self.errors:
            data["errors"] = dict(self.errors)
        if self.branches:
            data["branches"] = dict(self.branches)
        return data


@dataclass
class Row:
    action: str
    service: str
    resource: str
    origin: RuleOrigin
    scope_types: tuple[str, ...] | None
    target_keys: tuple
    cells: list[Cell]
    symbolic: dict | None = None  # filled by the symbolic mode: "can any token do this?"
    fixed: dict = field(default_factory=dict)  # target keys the service profile gives one value

    def to_dict(self) -> dict:
        data = {"action": self.action, "service": self.service, "resource": self.resource,
                "rule": self.origin.to_dict(), "scope_types": list(self.scope_types) if self.scope_types else None,
                "target_keys": [k.to_dict() for k in self.target_keys],
                "unknown_keys": [k.name for k in self.target_keys
                                 if k.meaning == targets_mod.UNKNOWN and k.name not in self.fixed],
                "fixed_target_values": dict(self.fixed),
                "cells": [c.to_dict() for c in self.cells]}
        if self.symbolic is not None:
            data["symbolic"] = self.symbolic
        return data


@dataclass
class Matrix:
    state: PolicyState
    columns: list[PersonaClass]
    rows: list[Row]
    personas: int = 0

    @property
    def errors(self) -> list[tuple[Row, int, Cell]]:
        return [(row, i, cell) for row in self.rows for i, cell in enumerate(row.cells) if cell.verdict == ERROR]

    def to_dict(self) -> dict:
        return {"format": MATRIX_FORMAT, "service": self.state.service or self.state.label,
                "state": self.state.to_dict(), "targets": targets_mod.describe_targets(),
                "verdicts": dict(VERDICT_TEXT), "personas": self.personas,
                "columns": [c.to_dict() for c in self.columns], "rows": [r.to_dict() for r in self.rows],
                "summary": {"actions": len(self.rows), "columns": len(self.columns),
                            "errors": len(self.errors)}}


def resource_of(action: str) -> str:
    """The resource an action name is about: ``os_compute_api:servers:create`` → servers,
    ``identity:get_user`` and ``identity:list_users`` → user, ``create_port:fixed_ips`` → port."""
    parts = [p for p in action.split(":") if p]
    if len(parts) >= 3:  # service:resource:verb[:detail]
        return parts[1]
    for part in parts:
        found = _VERB.match(part)
        if found:
            noun = found.group(2)
            return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    return parts[0] if parts else action


def select_actions(state: PolicyState, globs: Iterable[str] = (), include_helpers: bool = False) -> list[str]:
    actions = state.actions(include_helpers=include_helpers)
    globs = list(globs)
    if not globs:
        return actions
    every = state.actions(include_helpers=True)
    chosen: dict[str, None] = {}
    for pattern in globs:
        hits = [a for a in every if fnmatch.fnmatchcase(a, pattern)]
        if not hits:

            close = suggest(pattern, every)
            raise InputError(f"no action matches {pattern!r} in {state.label}",
                             hint=f"did you mean {close}?" if close else "list them with --format csv")
        chosen.update(dict.fromkeys(hits))
    return list(chosen)


def deciding_branch(policy, action: str, target: Mapping, creds: Mapping) -> str:
    """The leaves that fixed the decision, as text: ``role:admin = true``."""
    from policykit.policy.explain import decisive_leaves, explain

    explanation = explain(policy, action, target, creds)
    if explanation.scope_denied:
        return (f"scope: a {explanation.token_scope}-scoped token, the rule allows "
                f"{', '.join(explanation.scope_types or ())} → deny")
    if explanation.root is None:
        return "; ".join(explanation.notes) or "no rule decides → deny"
    parts = []
    for step in decisive_leaves(explanation.root):
        value = "error" if step.error is not None else str(bool(step.result)).lower()
        parts.append(f"{step.check} = {value}")
    prefix = f"default rule {explanation.resolved!r}: " if explanation.fell_back else ""
    return prefix + (" and ".join(parts) if parts else str(explanation.root.check))


def decide_cell(state: PolicyState, action: str, creds: Mapping, branches: bool = False,
                extra: Mapping[str, Any] | None = None) -> Cell:
    """One persona's outcomes for ``action`` on the three targets, through ``Policy.enforce``.

    Work the decision cannot depend on is skipped: a token whose scope the action does
    not accept is denied whatever the target (oslo checks scope before the rule), and
    relations that give the same target share one evaluation.
    """
    policy = state.policy
    creds = state.request_creds(creds)
    hints = state.target_hints
    extra = {**state.target_values(action), **(extra or {})}
    cell = Cell({})
    scope_types = policy.scope_types(action)
    if scope_types and not branches and token_scope(policy_creds(creds)) not in scope_types:
        cell.outcomes = dict.fromkeys(targets_mod.RELATIONS, False)
        return cell
    seen: list[tuple[dict, str]] = []
    for relation in targets_mod.RELATIONS:
        target = targets_mod.build_target(policy, action, creds, relation, extra, hints)
        same = next((r for t, r in seen if t == target), None)
        if same is not None:
            cell.outcomes[relation] = cell.outcomes[same]
            if same in cell.errors:
                cell.errors[relation] = cell.errors[same]
        else:
            seen.append((target, relation))
            try:
                cell.outcomes[relation] = bool(policy.enforce(action, target, creds))
            except EvaluationError as exc:
                cell.outcomes[relation] = None
                cell.errors[relation] = str(exc)
        if branches:
            cell.branches[relation] = deciding_branch(policy, action, target, creds)
    return cell


class _Column:
    """What every cell of one persona class needs, worked out once."""

    def __init__(self, group: PersonaClass, state: PolicyState):
        self.base = group.representative.creds
        self.creds = state.request_creds(self.base)
        self.scope = token_scope(policy_creds(self.creds))
        self.values = {relation: targets_mod.relation_values(self.creds, relation)
                       for relation in targets_mod.RELATIONS}


def _row_cells(state: PolicyState, action: str, columns: list[_Column], branches: bool) -> list[Cell]:
    """``decide_cell`` for every column of one row, sharing the row's target keys and scope types."""
    policy = state.policy
    if branches:
        return [decide_cell(state, action, column.base, True) for column in columns]
    keys = targets_mod.resolved_keys(policy, action, state.target_hints)
    fixed = state.target_values(action)
    scope_types = policy.scope_types(action)
    cells = []
    for column in columns:
        cell = Cell({})
        cells.append(cell)
        if scope_types and column.scope not in scope_types:
            cell.outcomes = dict.fromkeys(targets_mod.RELATIONS, False)
            continue
        decided: dict[tuple, str] = {}
        for relation in targets_mod.RELATIONS:
            values = column.values[relation]
            target = {name: values[meaning] for name, meaning in keys}
            target.update(fixed)
            signature = tuple(target.values())
            same = decided.get(signature)
            if same is not None:
                cell.outcomes[relation] = cell.outcomes[same]
                if same in cell.errors:
                    cell.errors[relation] = cell.errors[same]
                continue
            decided[signature] = relation
            try:
                cell.outcomes[relation] = bool(policy.enforce(action, target, column.creds))
            except EvaluationError as exc:
                cell.outcomes[relation] = None
                cell.errors[relation] = str(exc)
    return cells


def compute_matrix(state: PolicyState, personas: list, actions: list[str] | None = None, *,
                   branches: bool = False, classes: list[PersonaClass] | None = None) -> Matrix:
    """The matrix of ``state`` for ``personas`` (grouped into classes) over ``actions`` (default: all)."""
    if classes is None:
        classes = persona_classes([state.policy], personas)
    columns = [_Column(group, state) for group in classes]
    names = state.actions() if actions is None else actions
    service = state.service or state.label
    rows = []
    for action in names:
        rows.append(Row(action, service, resource_of(action), state.origin(action),
                        state.policy.scope_types(action), targets_mod.target_keys(state.policy, action),
                        _row_cells(state, action, columns, branches), fixed=state.target_values(action)))
    rows.sort(key=lambda r: (r.resource, r.action))
    return Matrix(state, classes, rows, len(personas))


def who(matrix: Matrix) -> list[dict]:
    """The inverse view of a one-action matrix: per persona class, where it may act and why."""
    row = matrix.rows[0]
    result = []
    for group, cell in zip(matrix.columns, row.cells):
        result.append({"persona": group.label, "personas": group.count, "verdict": cell.verdict,
                       "text": VERDICT_TEXT[cell.verdict], "outcomes": cell.to_dict()["outcomes"],
                       "branches": dict(cell.branches), "errors": dict(cell.errors)})
    return result


def attach_symbolic(matrix: Matrix, verdicts: Mapping[str, Any]) -> None:
    """Record per action what the symbolic mode found ("can any token do this?")."""
    for row in matrix.rows:
        verdict = verdicts.get(row.action)
        if verdict is not None:
            row.symbolic = verdict.to_dict() if hasattr(verdict, "to_dict") else dict(verdict)


__all__ = ["Cell", "Row", "Matrix", "compute_matrix", "decide_cell", "deciding_branch", "resource_of",
           "select_actions", "who", "attach_symbolic", "VERDICT_TEXT", "MATRIX_FORMAT"]
