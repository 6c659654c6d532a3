"""Explain a decision: the evaluated tree, recorded by a tracer on the one evaluator.

``explain(policy, rule, target, creds)`` decides through ``Policy.trace`` — the same
compiled rules, default-rule fallback, scope check, KeyError and cycle handling as
``Policy.enforce`` — with a ``StepRecorder`` listening, and returns an ``Explanation``:
the decision (or the error oslo would raise), how the name resolved, the scope check,
and one ``Step`` per node evaluated (or skipped by short-circuiting), with a short why
for each leaf. ``Explanation.render()`` is the text ``policykit eval --explain`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from policykit.errors import EvaluationError
from policykit.policy import ast
from policykit.policy.explain_render import render
from policykit.policy.leaves import LITERAL, MISSING, PATH, classify_kind, substitute
from policykit.policy.steps import Step, decisive_leaves, error_dict, skipped
from policykit.policy.trace import Request, Tracer

__all__ = ["Explanation", "Step", "StepRecorder", "decisive_leaves", "explain"]


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
        return render(self)

    def to_dict(self, tree: bool = True) -> dict:
        """Plain data for JSON output (``tree=False`` leaves the evaluated tree out)."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "decision": None if self.decision is None else ("allow" if self.decision else "deny"),
            "error": error_dict(self.error),
            "resolved": self.resolved,
            "fell_back_to_default": self.fell_back,
            "scope": None if not self.scope_types else {
                "token_scope": self.token_scope, "scope_types": list(self.scope_types), "denied": self.scope_denied},
            "notes": list(self.notes),
        }
        if tree:
            data["tree"] = None if self.root is None else self.root.to_dict()
        return data


def explain(policy, rule: str | ast.Check, target: Any, creds: Any) -> Explanation:
    """The decision ``policy.enforce(rule, target, creds)`` makes, with the evaluated tree."""
    load_errors = getattr(getattr(policy, "table", None), "load_errors", None)
    if load_errors:  # a service's check refused a rule: nothing is evaluated
        return Explanation(None if isinstance(rule, ast.Check) else rule, None, None, error=load_errors[0])
    recorder = StepRecorder(target, getattr(policy, "checks", None))
    error = None
    try:
        decision = policy.trace(rule, target, creds, recorder)
    except EvaluationError as exc:
        if recorder.request is None:  # the creds themselves are unusable: nothing was evaluated
            raise
        decision, error = None, exc
    request = recorder.request
    explanation = Explanation(request.rule, None, None)
    if not isinstance(rule, ast.Check):
        if request.outcome == "no-rules":
            explanation.decision = False
            explanation.notes.append("the policy has no rules at all, so everything is denied")
            return explanation
        explanation.resolved, explanation.fell_back = request.label, request.fell_back
        if request.outcome == "no-default":
            explanation.decision = False
            explanation.notes.append(f"no rule is named {rule!r} and there is no default rule "
                                     f"({policy.default_rule!r} is not defined): denied")
            return explanation
        if request.fell_back:
            explanation.notes.append(f"no rule is named {rule!r}: the default rule {request.label!r} decides")
    if request.scope_types:
        explanation.token_scope, explanation.scope_types = request.token_scope, request.scope_types
        if request.outcome == "scope-denied":
            explanation.scope_denied = True
            explanation.decision = False
            return explanation
    if error is not None and (recorder.root is None or recorder.unfinished):
        # Only a tree too deep to evaluate stops without closing its steps.
        explanation.error = EvaluationError("the rule is nested too deeply to explain", oslo_exception="RecursionError")
        return explanation
    explanation.root = recorder.root
    if error is not None:
        explanation.error = recorder.root.error
    else:
        explanation.decision = bool(decision)
    return explanation


class StepRecorder(Tracer):
    """A tracer that builds the ``Step`` tree of a traced decision (the latest in ``root``).

    ``custom`` is the policy's custom check kinds (``Policy.checks``): a service's check
    may carry a ``service_note`` that says what it compared.
    """

    def __init__(self, target: Any, custom: Mapping[str, Any] | None = None):
        self.target = target
        self.custom = custom or {}
        self.creds: Any = None
        self.request: Request | None = None
        self.root: Step | None = None
        self._open: list[Step] = []

    @property
    def unfinished(self) -> bool:
        """True while steps are open: the trace ended without closing them (too deep)."""
        return bool(self._open)

    def begin(self, request: Request) -> None:
        self.request, self.creds, self.root, self._open = request, request.creds, None, []

    def enter(self, check: ast.Check) -> None:
        step = Step(check)
        if self._open:
            self._open[-1].children.append(step)
        else:
            self.root = step
        self._open.append(step)

    def reference(self, check: ast.RuleCheck, key, fell_back: bool) -> None:
        step = self._open[-1]
        if key is None:
            step.note = f"no rule {check.match!r} and no default rule: False"
            return
        step.reference, step.fell_back = (key if isinstance(key, str) else "<default rule>"), fell_back
        if fell_back:
            step.note = f"no rule {check.match!r}: the default rule {step.reference!r} stands in"

    def leave(self, check: ast.Check, result: bool) -> None:
        step = self._open.pop()
        step.result = bool(result)
        if isinstance(check, ast.RuleCheck):
            if step.children and step.children[0].error is not None:  # oslo's RuleCheck: KeyError is False
                step.note = (step.note + "; " if step.note else "") + "a KeyError inside counts as False"
        elif isinstance(check, ast.LeafCheck):
            step.note = self._note(check)
        self._skip_rest(step)

    def fail(self, check: ast.Check, error: EvaluationError) -> None:
        step = self._open.pop()
        step.result, step.error = None, error
        self._skip_rest(step)

    @staticmethod
    def _skip_rest(step: Step) -> None:
        check = step.check
        if isinstance(check, (ast.AndCheck, ast.OrCheck)) and len(step.children) < len(check.rules):
            step.children.extend(skipped(rest) for rest in check.rules[len(step.children):])

    def _note(self, leaf: ast.LeafCheck) -> str:
        """A short why for a leaf that decided without error."""
        factory = self.custom.get(leaf.kind) if type(leaf) is ast.GenericCheck and self.custom else None
        if factory is not None:
            service_note = getattr(factory(leaf.kind, leaf.match, str(leaf)), "service_note", None)
            if service_note is not None:
                return service_note
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
