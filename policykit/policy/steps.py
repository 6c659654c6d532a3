"""The evaluated tree: one ``Step`` per node, as a traced decision went through it.

A ``Step`` says what one node gave (True/False), or that short-circuiting skipped it,
or the error it raised; ``rule:`` steps carry the tree of the rule they evaluated and
say when the default rule stood in for an undefined name. ``explain`` builds these
(``policykit.policy.explain``); ``decisive_leaves`` says which leaves fixed the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policykit.errors import EvaluationError
from policykit.policy import ast

__all__ = ["Step", "decisive_leaves", "error_dict", "skipped"]


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
            data["error"] = error_dict(self.error)
        if self.children:
            data["children"] = [child.to_dict() for child in self.children]
        return data


def error_dict(error: EvaluationError | None) -> dict | None:
    if error is None:
        return None
    return {"message": str(error), "oslo_exception": error.oslo_exception}


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
