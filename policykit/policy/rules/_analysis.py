"""Structural analysis over check trees shared by several policy rules.

``constant_value`` decides, without any credentials, whether a check always allows or
always denies, following ``rule:`` references the way oslo does (an undefined name falls
back to the default rule, or denies when there is none). Exceptions at evaluation time
are not modelled: a subtree that may raise is simply "not constant".
"""

from __future__ import annotations

import ast as python_ast
from dataclasses import dataclass
from typing import Callable, Iterator

from policykit.policy.ast import (
    AndCheck, Check, FalseCheck, GenericCheck, NotCheck, OrCheck, RuleCheck, TrueCheck,
)


@dataclass(frozen=True)
class Constant:
    value: bool
    because: str  # a short human reason, e.g. "`@` allows everyone"
    # True when the constant comes from a named rule written as a bare "" / "@" / "!":
    # an alias such as `"regular_user": ""` says "everyone" on purpose.
    by_design: bool = False
    # Where a chain of references ends (the reason at its far end), for messages that
    # would otherwise repeat the whole chain.
    origin: str = ""


def literal_kind(kind: str) -> tuple[bool, object]:
    """(True, value) when oslo's generic check treats ``kind`` as a Python literal.

    Returns (False, None) for a creds path (ValueError from literal_eval), and raises the
    exception oslo would raise at evaluation (SyntaxError and friends) otherwise.
    """
    try:
        return True, python_ast.literal_eval(kind)
    except ValueError:
        return False, None


def literal_error(kind: str) -> str | None:
    """The exception name oslo raises at evaluation for this generic kind, or None."""
    try:
        literal_kind(kind)
    except Exception as exc:  # noqa: BLE001 - exactly what oslo lets escape
        return type(exc).__name__
    return None


Resolver = Callable[[str], "Check | None"]
_MAX_DEPTH = 300  # nested folds (tree levels plus references) before giving up on one query


class _TooDeep(Exception):
    pass


class ConstantFolder:
    """Folds checks to a Constant (or None) with ``rule:`` references expanded, once per name."""

    def __init__(self, lookup: Resolver, default_rule: str | None = "default", *,
                 follow_references: bool = True, leaf_value: "Callable[[Check], Constant | None] | None" = None,
                 explicit: Callable[[str], bool] = lambda name: False):
        self._lookup = lookup
        self._follow = follow_references
        self._leaf_value = leaf_value
        self._explicit = explicit
        self._default = default_rule
        self._memo: dict[str, Constant | None] = {}
        self._active: set[str] = set()
        self._depth = 0

    # Public entry points fold the names a check refers to first, deepest first, so that a
    # chain of 500 ``rule:`` references never recurses 500 levels; what still nests too
    # deeply (a long reference cycle, a huge tree) is "not constant" rather than a crash.
    def named(self, name: str) -> Constant | None:
        if self._depth:
            return self._named(name)
        self._prefold([name])
        return self._guarded(self._named, name)

    def fold(self, check: Check) -> Constant | None:
        if self._depth:
            return self._fold(check)
        self._prefold([reference.match for reference, _ in references(check)])
        return self._guarded(self._fold, check)

    def _guarded(self, method, argument) -> Constant | None:
        try:
            return method(argument)
        except _TooDeep:
            return None
        finally:
            self._depth = 0
            self._active.clear()

    def _prefold(self, names: list[str]) -> None:
        if not self._follow:
            return
        order: list[str] = []
        seen = set(self._memo)
        stack = [(name, False) for name in names]
        while stack:
            name, children_done = stack.pop()
            if children_done:
                order.append(name)
                continue
            if name in seen:
                continue
            seen.add(name)
            stack.append((name, True))
            _, check = self.rule_target(name)
            if check is not None:
                stack.extend((reference.match, False) for reference, _ in references(check)
                             if reference.match not in seen)
        for name in order:
            if name not in self._memo:
                try:
                    self._named(name)
                except _TooDeep:  # only a long reference cycle gets here: it raises, so not constant
                    self._memo[name] = None
                finally:
                    self._depth = 0
                    self._active.clear()

    def rule_target(self, name: str) -> tuple[str | None, Check | None]:
        """(name actually evaluated, its check) for ``rule:name``: the default rule when undefined."""
        check = self._lookup(name)
        if check is not None:
            return name, check
        if self._default and name != self._default:
            fallback = self._lookup(self._default)
            if fallback is not None:
                return self._default, fallback
        return None, None

    def _named(self, name: str) -> Constant | None:
        if name in self._memo:
            return self._memo[name]
        if name in self._active:
            return None  # a cycle raises at evaluation; not a constant
        target, check = self.rule_target(name)
        if check is None:
            result = Constant(False, f"`rule:{name}` names no rule and there is no default rule")
        else:
            self._active.add(name)
            try:
                inner = self._fold(check)
            finally:
                self._active.discard(name)
            if inner is None:
                result = None
            else:
                by_design = inner.by_design or self._explicit(target)
                origin = inner.origin or inner.because
                reason = inner.because if len(inner.because) <= 200 else f"… {origin}"
                if target == name:
                    result = Constant(inner.value, f"`rule:{name}` {_verb(inner.value)} ({reason})", by_design, origin)
                else:
                    result = Constant(inner.value, f"`rule:{name}` is undefined and falls back to `{target}`, "
                                                   f"which {_verb(inner.value)}", by_design, origin)
        self._memo[name] = result
        return result

    def _fold(self, check: Check) -> Constant | None:
        self._depth += 1
        try:
            if self._depth > _MAX_DEPTH:
                raise _TooDeep
            return self._fold_node(check)
        finally:
            self._depth -= 1

    def _fold_node(self, check: Check) -> Constant | None:
        if isinstance(check, TrueCheck):
            return Constant(True, "`@` allows everyone")
        if isinstance(check, FalseCheck):
            return Constant(False, "`!` denies everyone")
        if isinstance(check, NotCheck):
            # A chain of ``not`` is folded in a loop: oslo accepts chains of ~1000.
            negations = 0
            while isinstance(check, NotCheck):
                negations += 1
                check = check.rule
            inner = self._fold(check)
            if inner is None:
                return None
            if negations == 1:
                return Constant(not inner.value, f"`not` inverts a check that {_verb(inner.value)}: {inner.because}")
            value = inner.value if negations % 2 == 0 else not inner.value
            return Constant(value, f"{negations} chained `not` {'cancel out' if value == inner.value else 'invert'} "
                                   f"a check that {_verb(inner.value)}: {inner.because}")
        if isinstance(check, (AndCheck, OrCheck)):
            deciding = isinstance(check, OrCheck)  # a True child decides an or; a False one an and
            children = [self._fold(child) for child in check.rules]
            for child in children:
                if child is not None and child.value is deciding:
                    return child
            complement = _complementary(check.rules)
            if complement is not None:
                word = "or" if deciding else "and"
                return Constant(deciding, f"`{complement} {word} not {complement}` is {'always' if deciding else 'never'} true")
            if all(child is not None for child in children):
                return Constant(not deciding, children[0].because if len(children) == 1 else
                                f"every branch {_verb(not deciding)}", all(child.by_design for child in children))
            return None
        if self._leaf_value is not None:
            assumed = self._leaf_value(check)
            if assumed is not None:
                return assumed
        if isinstance(check, RuleCheck):
            return self._named(check.match) if self._follow else None
        if isinstance(check, GenericCheck) and "%" not in check.match:
            try:
                is_literal, value = literal_kind(check.kind)
            except Exception:  # noqa: BLE001 - raises at evaluation: not a constant
                return None
            if is_literal:
                result = check.match == str(value)
                return Constant(result, f"`{check}` compares two constants ({check.match!r} == {str(value)!r} is {result})")
        return None


def _complementary(rules: list[Check]) -> Check | None:
    """A check that appears both plainly and negated among the operands (`x or not x`)."""
    plain = [rule for rule in rules if not isinstance(rule, NotCheck)]
    for rule in rules:
        if isinstance(rule, NotCheck) and rule.rule in plain:
            return rule.rule
    return None


def _verb(value: bool) -> str:
    return "always allows" if value else "always denies"


def references(check: Check) -> Iterator[tuple[RuleCheck, bool]]:
    """Every ``rule:`` leaf with whether it sits under a ``not``."""
    stack: list[tuple[Check, bool]] = [(check, False)]
    while stack:
        node, negated = stack.pop()
        if isinstance(node, RuleCheck):
            yield node, negated
        for child in reversed(node.children()):
            stack.append((child, negated or isinstance(node, NotCheck)))
