"""Did you mean: the one place policykit guesses which known name a misspelt one meant."""

from __future__ import annotations

import difflib
from typing import Iterable


def suggest(word: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The candidate most like ``word`` by difflib's ratio, if it reaches ``cutoff``; else None.

    0.6 is difflib's default. Callers choosing among many similar, long names (policy
    names sharing a service prefix, service types) ask for more (0.7-0.8), so that a
    guess is only offered when it is likely.
    """
    # difflib's ratio is 2*M/(len(a)+len(b)) <= 2*min/(sum): lengths alone rule most candidates out.
    size = len(word)
    plausible = [c for c in candidates if isinstance(c, str) and 2 * min(size, len(c)) >= cutoff * (size + len(c))]
    close = difflib.get_close_matches(word, plausible, n=1, cutoff=cutoff)
    return close[0] if close else None
