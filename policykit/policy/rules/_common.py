"""Small helpers shared by the policy rules."""

from __future__ import annotations

from policykit.policy.ast import Check, NotCheck


def with_negation(check: Check):
    """Every node with the number of ``not`` operators above it."""
    stack = [(check, 0)]
    while stack:
        node, negations = stack.pop()
        yield node, negations
        below = negations + (1 if isinstance(node, NotCheck) else 0)
        for child in reversed(node.children()):
            stack.append((child, below))


def quote(text: str) -> str:
    return f"`{text}`"
