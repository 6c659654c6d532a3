"""Explain a decision: evaluate the same tree as the engine, recording every node.

Each ``Step`` says what one node gave (True/False), or that short-circuiting skipped
it, or the error it raised; ``rule:`` steps carry the tree of the rule they evaluated
and say when the default rule stood in for an undefined name. Leaves are decided by the
very functions the engine compiles (``policykit.policy.leaves``), and the walk applies
the engine's rules (left-to-right short-circuit, KeyError under ``rule:`` is False,
re-entering a rule is a cycle), so an explanation never disagrees with ``enforce``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policykit.errors import EvaluationError
from policykit.policy import ast
from policykit.policy.engine import cycle_error
from policykit.policy.enforcer import Policy, policy_creds, token_scope
from policykit.policy.leaves import LITERAL, MISSING, PATH, classify_kind, find_in_creds, substitute


@dataclass
class Step:
    check: ast.Check
    result: bool | None = None  # None: skipped, or failed (see error)
    skipped: bool = False
    children: list["Step"] = field(default_factory=list)
    note: str = ""
    reference: str | None = None  # rule: steps — the rule that was evaluated
    fell_back: bool = False  # rule: steps — the default rule stood in for an undefined name
    error: EvaluationError | None = None

    def to_dict(self) -> dict:
        data: dict[str, Any] = {"check": str(self.check), "node": type(self.check).__name__,
                                "result": self.result, "skipped": self.skipped}
        if self.note:
            data["note"] = self.note
        if self.reference is not None:
            data["reference"] = self.reference
            data["fell_back_to_default"] = self.fell_back
        if self.error is not None:
            data["error"] = _error_dict(self.error)
        if self.children:
            data["children"] = [child.to_dict() for child in self.children]
        return data


@dataclass
class Explanation:
    rule: str | None  # the policy name enforced; None for a check object
    decision: bool | None  # None when evaluation raised (see error)
    root: Step | None
    resolved: str | None = None  # the rule the name evaluated
    fell_back: bool = False
    token_scope: str | None = None
    scope_types: tuple[str, ...] | None = None
    scope_denied: bool = False
    error: EvaluationError | None = None
    notes: list[str] = field(default_factory=list)

    def render(self) -> str:
        from policykit.policy.explain_render import render

        return render(self)

    def to_dict(self, tree: bool = True) -> dict:
        """Plain data for JSON output (``tree=False`` leaves the evaluated tree out)."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "decision": None if self.decision is None else ("allow" if self.decision else "deny"),
            "error": _error_dict(self.error),
            "resolved": self.resolved,
            "fell_back_to_default": self.fell_back,
            "scope": None if not self.scope_types else {
                "token_scope": self.token_scope, "scope_types": list(self.scope_types), "denied": self.scope_denied},
            "notes": list(self.notes),
        }
        if tree:
            data["tree"] = None if self.root is None else self.root.to_dict()
        return data


def _error_dict(error: EvaluationError | None) -> dict | None:
    if error is None:
        return None
    return {"message": str(error), "oslo_exception": error.oslo_exception}


def explain(policy: Policy, rule: str | ast.Check, target: Any, creds: Any) -> Explanation:
    creds = policy_creds(creds)
    walker = _Walker(policy, target, creds)
    if policy.remote is not None:  # http checks post the name being enforced
        policy.remote.current_rule = None if isinstance(rule, ast.Check) else rule
    if isinstance(rule, ast.Check):
        explanation = Explanation(None, None, None)
        scope_types = getattr(rule, "scope_types", None)
        stack: list = []
        check = rule
    else:
        explanation = Explanation(rule, None, None)
        if not policy.rules:
            explanation.decision = False
            explanation.notes.append("the policy has no rules at all, so everything is denied")
            return explanation
        resolved, fell_back = policy.resolve(rule)
        explanation.resolved, explanation.fell_back = resolved, fell_back
        if resolved is None:
            explanation.decision = False
            explanation.notes.append(
                f"no rule is named {rule!r} and there is no default rule ({policy.default_rule!r} is not defined): denied")
            return explanation
        if fell_back:
            explanation.notes.append(f"no rule is named {rule!r}: the default rule {resolved!r} decides")
        scope_types = policy.scope_types(rule)
        key = policy.table.resolve(rule)
        stack = [key]
        check = policy.table.checks[key]
    if policy.table.load_errors:  # the service refuses to load a rule: every request fails
        explanation.error = policy.table.load_errors[0]
        return explanation
    if scope_types:
        explanation.token_scope, explanation.scope_types = token_scope(creds), tuple(scope_types)
        if explanation.token_scope not in scope_types:
            explanation.scope_denied = True
            explanation.decision = False
            return explanation
    try:
        root = walker.step(check, stack)
    except RecursionError:
        explanation.error = EvaluationError("the rule is nested too deeply to explain", oslo_exception="RecursionError")
        return explanation
    explanation.root = root
    if root.error is not None:
        explanation.error = root.error
    else:
        explanation.decision = bool(root.result)
    return explanation


class _Walker:
    def __init__(self, policy: Policy, target, creds):
        self.policy = policy
        self.table = policy.table
        self.target = target
        self.creds = creds

    def step(self, check: ast.Check, stack: list) -> Step:
        if isinstance(check, ast.RuleCheck):
            return self._reference(check, stack)
        if isinstance(check, ast.LeafCheck):
            return self._leaf(check)
        if isinstance(check, ast.TrueCheck):
            return Step(check, True)
        if isinstance(check, ast.FalseCheck):
            return Step(check, False)
        if isinstance(check, ast.NotCheck):
            inner = self.step(check.rule, stack)
            if inner.error is not None:
                return Step(check, None, children=[inner], error=inner.error)
            return Step(check, not inner.result, children=[inner])
        if isinstance(check, (ast.AndCheck, ast.OrCheck)):
            stop_on = isinstance(check, ast.OrCheck)  # or stops at the first True, and at the first False
            node = Step(check, not stop_on)
            for index, child in enumerate(check.rules):
                result = self.step(child, stack)
                node.children.append(result)
                if result.error is not None:
                    node.result, node.error = None, result.error
                elif bool(result.result) is stop_on:
                    node.result = stop_on
                else:
                    continue
                node.children.extend(skipped(rest) for rest in check.rules[index + 1:])
                break
            return node
        raise TypeError(f"not a policy check: {check!r}")

    def _leaf(self, leaf: ast.LeafCheck) -> Step:
        decide = self.table._compile_leaf(leaf)
        try:
            result = decide(self.target, self.creds)
        except EvaluationError as exc:
            return Step(leaf, None, error=exc)
        service_note = getattr(decide, "service_note", None)  # a service's own check says what it compared
        return Step(leaf, bool(result), note=service_note if service_note is not None else self._note(leaf))

    def _reference(self, leaf: ast.RuleCheck, stack: list) -> Step:
        key = self.table.resolve(leaf.match)
        if key is None:
            return Step(leaf, False, note=f"no rule {leaf.match!r} and no default rule: False")
        fell_back = key != leaf.match
        label = key if isinstance(key, str) else "<default rule>"
        node = Step(leaf, None, reference=label, fell_back=fell_back)
        if fell_back:
            node.note = f"no rule {leaf.match!r}: the default rule {label!r} stands in"
        if key in stack:
            node.error = cycle_error(stack[stack.index(key):] + [key])
            return node
        inner = self.step(self.table.checks[key], stack + [key])
        node.children.append(inner)
        if inner.error is not None:
            if inner.error.oslo_exception == "KeyError":  # oslo's RuleCheck turns KeyError into False
                node.result = False
                node.note = (node.note + "; " if node.note else "") + "a KeyError inside counts as False"
            else:
                node.error = inner.error
        else:
            node.result = bool(inner.result)
        return node

    def _note(self, leaf: ast.LeafCheck) -> str:
        """A short why for a leaf that decided without error."""
        try:
            wanted = substitute(str(leaf), leaf.match, self.target)
        except EvaluationError:
            return ""
        if wanted is MISSING:
            return "a target key in the match is missing → False"
        if isinstance(leaf, ast.RoleCheck):
            if "roles" not in self.creds:
                return "creds have no 'roles'"
            return f"wants role {wanted!r}; roles {list(self.creds['roles'])!r}"
        if isinstance(leaf, ast.GenericCheck):
            mode, payload = classify_kind(leaf.kind)
            if mode == LITERAL:
                return f"literal {leaf.kind} is {payload!r}; compared with {wanted!r}"
            if mode == PATH:
                value = _lookup(self.creds, payload)
                if value is MISSING:
                    return f"creds have no {leaf.kind!r}"
                return f"creds {leaf.kind} = {value!r}; wanted {wanted!r}"
        return ""


def _lookup(creds, path) -> Any:
    value = creds
    for key in path:
        if isinstance(value, list):
            return value
        try:
            value = value[key]
        except (KeyError, TypeError, IndexError):
            return MISSING
    return value


def skipped(check: ast.Check) -> Step:
    """A node short-circuiting never reached (rule references are not expanded)."""
    node = Step(check, None, skipped=True)
    if not isinstance(check, ast.LeafCheck):
        node.children = [skipped(child) for child in check.children()]
    return node


def decisive_leaves(step: Step) -> list[Step]:
    """The leaves whose results fixed the outcome (for an error: the failing leaf)."""
    if step.error is not None and not step.children:
        return [step]
    if isinstance(step.check, (ast.AndCheck, ast.OrCheck)):
        evaluated = [child for child in step.children if not child.skipped]
        last = evaluated[-1] if evaluated else None
        if last is not None and (last.error is not None or step.children[-1].skipped
                                 or bool(last.result) is isinstance(step.check, ast.OrCheck)):
            return decisive_leaves(last)
        return [leaf for child in evaluated for leaf in decisive_leaves(child)]
    if isinstance(step.check, ast.RuleCheck) and step.children:
        return decisive_leaves(step.children[0])
    return [step]  # a leaf, or a not (reported whole: "not role:x → true")


__all__ = ["Explanation", "Step", "decisive_leaves", "explain"]
