"""Small helpers shared by the policy rules."""

from __future__ import annotations

import difflib
from typing import Iterable

from policykit.policy.ast import Check, NotCheck


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.75) -> str | None:
    # difflib's ratio is 2*M/(len(a)+len(b)) <= 2*min/(sum): lengths alone rule most candidates out.
    size = len(word)
    plausible = [c for c in candidates if isinstance(c, str) and 2 * min(size, len(c)) >= cutoff * (size + len(c))]
    matches = difflib.get_close_matches(word, plausible, n=1, cutoff=cutoff)
    return matches[0] if matches else None


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
