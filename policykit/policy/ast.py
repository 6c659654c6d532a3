"""The check tree: oslo.policy's node types, with source spans.

Every class here mirrors the oslo.policy class of the same name: the same attributes
(``rules`` for and/or, ``rule`` for not, ``kind`` and ``match`` for leaves) and exactly
the same ``str()``, so a tree prints the way oslo prints it and a printed rule parses
back to the same tree (specs/policy-language.md §1.6).

Two additions:

* ``span`` — the ``Span(start, end)`` character offsets (end exclusive) of the text a
  node was built from, or ``None`` (list syntax, trees built by hand). Offsets are
  relative to the rule string. A parenthesised group has the span of its content,
  without the parentheses. Spans never take part in equality or hashing.
* ``children()`` — the direct sub-checks, so that walkers need no isinstance ladder.

Equality is structural: same class, same fields, same children, in order. The tree
carries no evaluation logic; evaluating is the engine's job.
"""

from __future__ import annotations

from typing import Iterator, NamedTuple


class Span(NamedTuple):
    """Character offsets ``[start, end)`` in the rule text."""

    start: int
    end: int


class Check:
    """Base of every node."""

    __slots__ = ("span",)

    def children(self) -> tuple["Check", ...]:
        return ()

    def walk(self) -> Iterator["Check"]:
        """Every node of the tree, parents before children (iterative: deep trees are fine)."""
        stack: list[Check] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children()))

    def _key(self) -> tuple:
        return ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()  # type: ignore[union-attr]

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))


class TrueCheck(Check):
    """Always allows (``@``; also the empty rule ``""``)."""

    __slots__ = ()

    def __init__(self, span: Span | None = None):
        self.span = span

    def __str__(self) -> str:
        return "@"

    def __repr__(self) -> str:
        return "TrueCheck()"


class FalseCheck(Check):
    """Always denies (``!``; also any rule oslo cannot understand)."""

    __slots__ = ()

    def __init__(self, span: Span | None = None):
        self.span = span

    def __str__(self) -> str:
        return "!"

    def __repr__(self) -> str:
        return "FalseCheck()"


class NotCheck(Check):
    """``not rule``; str adds no parentheses (an inner and/or brings its own)."""

    __slots__ = ("rule",)

    def __init__(self, rule: Check, span: Span | None = None):
        self.rule = rule
        self.span = span

    def children(self) -> tuple[Check, ...]:
        return (self.rule,)

    def _key(self) -> tuple:
        return (self.rule,)

    def __str__(self) -> str:
        return f"not {self.rule}"

    def __repr__(self) -> str:
        return f"NotCheck({self.rule!r})"


class AndCheck(Check):
    """All of ``rules``, left to right; str ``(a and b and ...)``."""

    __slots__ = ("rules",)

    def __init__(self, rules: list[Check], span: Span | None = None):
        self.rules = rules
        self.span = span

    def children(self) -> tuple[Check, ...]:
        return tuple(self.rules)

    def _key(self) -> tuple:
        return tuple(self.rules)

    def __str__(self) -> str:
        return "(%s)" % " and ".join(str(rule) for rule in self.rules)

    def __repr__(self) -> str:
        return f"AndCheck({self.rules!r})"


class OrCheck(Check):
    """Any of ``rules``, left to right; str ``(a or b or ...)``."""

    __slots__ = ("rules",)

    def __init__(self, rules: list[Check], span: Span | None = None):
        self.rules = rules
        self.span = span

    def children(self) -> tuple[Check, ...]:
        return tuple(self.rules)

    def _key(self) -> tuple:
        return tuple(self.rules)

    def __str__(self) -> str:
        return "(%s)" % " or ".join(str(rule) for rule in self.rules)

    def __repr__(self) -> str:
        return f"OrCheck({self.rules!r})"


class LeafCheck(Check):
    """An atomic ``kind:match`` check. ``kind`` and ``match`` are kept exactly as written."""

    __slots__ = ("kind", "match")

    def __init__(self, kind: str, match: str, span: Span | None = None):
        self.kind = kind
        self.match = match
        self.span = span

    def _key(self) -> tuple:
        return (self.kind, self.match)

    def __str__(self) -> str:
        return f"{self.kind}:{self.match}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.kind!r}, {self.match!r})"


class RuleCheck(LeafCheck):
    """``rule:NAME`` — evaluates the named rule (or the default rule when it is missing)."""

    __slots__ = ()


class RoleCheck(LeafCheck):
    """``role:NAME`` — the caller has this role (case-insensitive)."""

    __slots__ = ()


class GenericCheck(LeafCheck):
    """Any other ``kind:match`` — a literal comparison or a creds path lookup."""

    __slots__ = ()


class HttpCheck(LeafCheck):
    """``http:URL`` — asks a remote server."""

    __slots__ = ()


class HttpsCheck(LeafCheck):
    """``https:URL`` — asks a remote server over TLS."""

    __slots__ = ()


# Kind → leaf class, as oslo.policy resolves it with its built-in checks: the
# ``http``/``https`` entry points first, then ``rule``/``role``; every other kind
# (case-sensitive: ``ROLE`` is generic) is a GenericCheck.
LEAF_CLASSES: dict[str, type[LeafCheck]] = {
    "http": HttpCheck,
    "https": HttpsCheck,
    "rule": RuleCheck,
    "role": RoleCheck,
}

__all__ = [
    "AndCheck", "Check", "FalseCheck", "GenericCheck", "HttpCheck", "HttpsCheck", "LEAF_CLASSES",
    "LeafCheck", "NotCheck", "OrCheck", "RoleCheck", "RuleCheck", "Span", "TrueCheck",
]
