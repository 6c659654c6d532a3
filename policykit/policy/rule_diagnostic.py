"""One problem in one rule, as the parser's diagnostics report it.

The record shared by the text-rule diagnostics (``policykit.policy.diagnostics``) and
the list-syntax ones (``policykit.policy.list_diagnostics``); ``kind`` is a stable kebab
string, listed in ``policykit.policy.diagnostics``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DENY_ALL_KINDS", "RuleDiagnostic"]

DENY_ALL_KINDS = frozenset({
    "unbalanced-open-paren", "unbalanced-close-paren", "incomplete-substitution", "dangling-operator", "empty-group",
    "missing-operator", "quoted-chunk", "operator-glued-to-paren", "whitespace-only", "syntax-error",
})


@dataclass(frozen=True)
class RuleDiagnostic:
    """One problem in one rule. Offsets are characters of the rule string, end exclusive."""

    kind: str
    message: str
    start: int | None = None
    end: int | None = None
    suggestion: str | None = None  # for a person: what to write instead
    path: tuple[int, ...] | None = None  # list syntax: index path of the element
    replacement: str | None = None  # for a fixer: exact text for [start, end), when unambiguous

    @property
    def deny_all(self) -> bool:
        """True when this problem makes oslo deny everyone for the whole rule."""
        return self.kind in DENY_ALL_KINDS
