"""The traced form of compiled nodes: the same functions, with trace events around them.

``RuleTable`` builds these in place of the plain closures when it compiles a rule's
traced form; leaves, ``rule:`` resolution, KeyError handling and cycle guards come from
the same compiler, so a traced decision is the plain one plus events. The tracer is
read from ``local.tracer`` (set by ``RuleTable.call_traced`` for the calling thread),
so the compiled form is built once per rule, not once per trace. One frame per node
(as in the plain form for ``not``), so a traced decision reaches as deep as a plain one.
"""

from __future__ import annotations

from typing import Any, Callable, Hashable

from policykit.errors import EvaluationError
from policykit.policy import ast

Decide = Callable[[Any, Any], bool]


def traced_leaf(check: ast.Check, decide: Decide, local) -> Decide:
    """A leaf (or ``@``/``!``): enter, decide, leave (or fail)."""
    def traced(target, creds):
        tracer = local.tracer
        tracer.enter(check)
        try:
            result = decide(target, creds)
        except EvaluationError as exc:
            tracer.fail(check, exc)
            raise
        tracer.leave(check, result)
        return result

    return traced


def traced_not(check: ast.NotCheck, inner: Decide, local) -> Decide:
    def traced(target, creds):
        tracer = local.tracer
        tracer.enter(check)
        try:
            result = not inner(target, creds)
        except EvaluationError as exc:
            tracer.fail(check, exc)
            raise
        tracer.leave(check, result)
        return result

    return traced


def traced_and_or(check: ast.AndCheck | ast.OrCheck, parts: list[Decide], local) -> Decide:
    """and/or, left to right: ``or`` stops at the first True, ``and`` at the first False."""
    stop_on = isinstance(check, ast.OrCheck)

    def traced(target, creds):
        tracer = local.tracer
        tracer.enter(check)
        result = not stop_on
        try:
            for part in parts:
                if bool(part(target, creds)) is stop_on:
                    result = stop_on
                    break
        except EvaluationError as exc:
            tracer.fail(check, exc)
            raise
        tracer.leave(check, result)
        return result

    return traced


def traced_reference(check: ast.RuleCheck, key: Hashable | None, fell_back: bool, target_rule: Decide,
                     local) -> Decide:
    """``rule:NAME``: enter, say which rule it resolved to, evaluate that rule's traced form."""
    def traced(target, creds):
        tracer = local.tracer
        tracer.enter(check)
        tracer.reference(check, key, fell_back)
        try:
            result = target_rule(target, creds)
        except EvaluationError as exc:
            tracer.fail(check, exc)
            raise
        tracer.leave(check, result)
        return result

    return traced
