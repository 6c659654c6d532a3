"""The check tree: oslo.policy's node types, with source spans.

Every class here mirrors the oslo.policy class of the same name: the same attributes
(``rules`` for and/or, ``rule`` for not, ``kind`` and ``match`` for leaves) and exactly
the same ``str()``, so a tree prints the way oslo prints it and a printed rule parses
back to the same tree (oslo.policy's ``_checks`` classes' ``__str__``).

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

    __slots__ = ("_span",)

    @property
    def span(self) -> Span | None:
        span = self._span
        if span is None or type(span) is Span:
            return span
        # The parser stores plain (start, end) tuples, which are much cheaper to make.
        span = self._span = Span(*span)
        return span

    @span.setter
    def span(self, value: "Span | tuple[int, int] | None") -> None:
        self._span = value

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
        """The fields that are not sub-checks (a leaf's kind and match)."""
        return ()

    # Equality, hashing and str() work without recursion: trees thousands of levels
    # deep (``not (not (...))``) are legal rules that oslo.policy parses.

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        pairs: list[tuple[Check, Check]] = [(self, other)]  # type: ignore[list-item]
        while pairs:
            left, right = pairs.pop()
            if left is right:
                continue
            if type(left) is not type(right) or left._key() != right._key():
                return False
            left_children, right_children = left.children(), right.children()
            if len(left_children) != len(right_children):
                return False
            pairs.extend(zip(left_children, right_children))
        return True

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((type(self).__name__, render(self)))

    def __str__(self) -> str:
        return render(self)


class TrueCheck(Check):
    """Always allows (``@``; also the empty rule ``""``)."""

    __slots__ = ()

    def __init__(self, span: Span | None = None):
        self._span = span

    def __str__(self) -> str:
        return "@"

    def __repr__(self) -> str:
        return "TrueCheck()"


class FalseCheck(Check):
    """Always denies (``!``; also any rule oslo cannot understand)."""

    __slots__ = ()

    def __init__(self, span: Span | None = None):
        self._span = span

    def __str__(self) -> str:
        return "!"

    def __repr__(self) -> str:
        return "FalseCheck()"


class NotCheck(Check):
    """``not rule``; str adds no parentheses (an inner and/or brings its own)."""

    __slots__ = ("rule",)

    def __init__(self, rule: Check, span: Span | None = None):
        self.rule = rule
        self._span = span

    def children(self) -> tuple[Check, ...]:
        return (self.rule,)

    def __repr__(self) -> str:
        return render(self, repr_form=True)


class AndCheck(Check):
    """All of ``rules``, left to right; str ``(a and b and ...)``."""

    __slots__ = ("rules",)

    def __init__(self, rules: list[Check], span: Span | None = None):
        self.rules = rules
        self._span = span

    def children(self) -> tuple[Check, ...]:
        return tuple(self.rules)

    def __repr__(self) -> str:
        return render(self, repr_form=True)


class OrCheck(Check):
    """Any of ``rules``, left to right; str ``(a or b or ...)``."""

    __slots__ = ("rules",)

    def __init__(self, rules: list[Check], span: Span | None = None):
        self.rules = rules
        self._span = span

    def children(self) -> tuple[Check, ...]:
        return tuple(self.rules)

    def __repr__(self) -> str:
        return render(self, repr_form=True)


class LeafCheck(Check):
    """An atomic ``kind:match`` check. ``kind`` and ``match`` are kept exactly as written."""

    __slots__ = ("kind", "match")

    def __init__(self, kind: str, match: str, span: Span | None = None):
        self.kind = kind
        self.match = match
        self._span = span

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


def render(check: Check, repr_form: bool = False) -> str:
    """oslo.policy's ``str()`` of a tree — or its ``repr()`` — built without recursion."""
    out: list[str] = []
    stack: list = [check]
    while stack:
        item = stack.pop()
        if type(item) is str:
            out.append(item)
        elif isinstance(item, NotCheck):
            out.append("NotCheck(" if repr_form else "not ")
            if repr_form:
                stack.append(")")
            stack.append(item.rule)
        elif isinstance(item, (AndCheck, OrCheck)):
            if repr_form:
                out.append(f"{type(item).__name__}([")
                separator, close = ", ", "])"
            else:
                out.append("(")
                separator, close = (" and " if isinstance(item, AndCheck) else " or "), ")"
            stack.append(close)
            rules = item.rules
            for index in range(len(rules) - 1, -1, -1):
                stack.append(rules[index])
                if index:
                    stack.append(separator)
        elif repr_form:
            out.append(item.__repr__())
        elif type(item).__str__ is Check.__str__:
            out.append(object.__repr__(item))  # a Check subclass that defines no str()
        else:
            out.append(item.__str__())
    return "".join(out)


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
    "LeafCheck", "NotCheck", "OrCheck", "RoleCheck", "render", "RuleCheck", "Span", "TrueCheck",
]
