"""Trace events of the one evaluator: what a tracer hears while ``Policy.trace`` decides.

``Policy.enforce`` is the fast path and never traces. ``Policy.trace(rule, target,
creds, tracer)`` decides exactly the same way — same default-rule fallback, same scope
check, same compiled leaves, same KeyError-under-``rule:`` and cycle rules, because it
runs the same compiler's output — and tells ``tracer`` what happens, node by node:

    begin(request)                  once, before anything is evaluated
    enter(check)                    a node is about to be evaluated
    reference(check, key, fell_back)  after enter() of a ``rule:`` leaf: the table key
                                    it evaluates (None: undefined, no default rule → False;
                                    ``fell_back``: the default rule stands in)
    leave(check, result)            the node gave ``result`` (a bool)
    fail(check, error)              the node raised ``error`` (an EvaluationError)

Events nest: every ``enter`` is closed by exactly one ``leave`` or ``fail`` of the
same node, and the nodes entered in between are its descendants in evaluation order —
for a ``rule:`` leaf, the root of the referenced rule's tree. Children an ``and``/``or``
never entered were skipped by short-circuiting. A ``rule:`` leaf whose referenced tree
failed with a KeyError leaves with False (oslo's RuleCheck); any other failure
propagates, so the ancestors fail too. A ``RecursionError`` (a tree too deep to
evaluate) ends the trace without closing events.

The same AST node objects as ``policy.rules`` carry are reported (their ``span`` points
into the rule text), and a rule reached twice is traced twice. A tracer subclasses
``Tracer`` and overrides what it needs; the base methods do nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Mapping

from policykit.errors import EvaluationError
from policykit.policy import ast

__all__ = ["Request", "Tracer"]


@dataclass(frozen=True)
class Request:
    """What ``Policy.trace`` was asked and how it resolved the name, before evaluating.

    ``rule`` is the policy name (None when a check object is decided). ``key`` is the
    table key of the rule evaluated (the name, the default rule's name, or
    ``engine.DEFAULT_CHECK`` for a default rule given as a check); None when nothing is
    evaluated. ``label`` is that rule's name for people. ``outcome`` is set when the
    decision is made without evaluating anything: ``"no-rules"`` (an empty policy
    denies everything), ``"no-default"`` (undefined name and no default rule) or
    ``"scope-denied"`` (the token's scope is not in the rule's ``scope_types``).
    ``creds`` are the creds as the rules see them.
    """

    rule: str | None
    check: ast.Check | None  # the tree evaluated, when one is
    key: Hashable | None = None
    label: str | None = None
    fell_back: bool = False
    scope_types: tuple[str, ...] | None = None
    token_scope: str | None = None
    outcome: str | None = None
    creds: Mapping | None = field(default=None, repr=False)  # as evaluated (``system`` set from ``system_scope``)


class Tracer:
    """Receives the events of one or more traced decisions (see the module docstring)."""

    def begin(self, request: Request) -> None:
        pass

    def enter(self, check: ast.Check) -> None:
        pass

    def reference(self, check: ast.RuleCheck, key: Hashable | None, fell_back: bool) -> None:
        pass

    def leave(self, check: ast.Check, result: bool) -> None:
        pass

    def fail(self, check: ast.Check, error: EvaluationError) -> None:
        pass
