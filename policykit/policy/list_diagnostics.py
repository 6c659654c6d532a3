"""Diagnostics for the list-of-lists syntax (see ``policykit.policy.diagnostics``).

The list syntax never interprets its elements: ``[["role:a or role:b"]]`` is one role
check for a role literally named ``a or role:b``. These diagnostics point at the
elements that were probably meant as expressions, and at the empty and non-string
values whose meaning surprises (``[]`` allows everyone, ``[[]]`` denies everyone).
"""

from __future__ import annotations

from policykit.compose import excerpt
from policykit.policy.rule_diagnostic import RuleDiagnostic
from policykit.policy.lexer import KEYWORDS

__all__ = ["list_diagnostics"]


def list_diagnostics(rule) -> list[RuleDiagnostic]:
    if not rule:
        plainly = '"" (allow everyone, said plainly) or "!" (deny everyone)'
        if rule is None:
            return [RuleDiagnostic("null-allows-all", "the value is null: oslo reads it as an empty rule, "
                                   "which allows everyone", suggestion=plainly)]
        if isinstance(rule, (bool, int, float)):
            return [RuleDiagnostic(
                "falsy-value-allows-all",
                f"the value {rule!r} ({type(rule).__name__}) is not a rule, but it is falsy, so oslo reads it "
                "as an empty rule, which allows everyone", suggestion=plainly,
            )]
        return [RuleDiagnostic(
            "empty-list-allows-all",
            f"the value {rule!r} is empty: oslo reads it as an empty rule, which allows everyone",
            suggestion=plainly,
        )]
    try:
        outer = list(rule)
    except TypeError:
        return []  # not loadable at all: the document reports it
    found: list[RuleDiagnostic] = []
    alternatives = 0
    for index, inner in enumerate(outer):
        if not inner:
            continue
        alternatives += 1
        if isinstance(inner, str):
            found.extend(_element(inner, (index,)))
            continue
        try:
            elements = list(inner)
        except TypeError:
            return found  # oslo raises TypeError at load; the document reports it
        for position, element in enumerate(elements):
            found.extend(_element(element, (index, position)))
    if alternatives == 0:
        found.append(RuleDiagnostic(
            "list-no-alternatives",
            "every alternative of this list rule is empty: oslo reads it as a rule that denies everyone",
            suggestion='"!"', path=(),
        ))
    return found


def _element(element, path: tuple[int, ...]) -> list[RuleDiagnostic]:
    if not isinstance(element, str):
        what = type(element).__name__
        detail = " (lists nest only two levels)" if isinstance(element, (list, tuple)) else ""
        return [RuleDiagnostic(
            "list-non-string-element",
            f"a {what} where a check string belongs{detail}: oslo reads it as a check that is always false",
            path=path,
        )]
    if element == "":
        return [RuleDiagnostic(
            "list-empty-string",
            'an empty string inside a list rule is a check that is always false (unlike the rule "", which allows)',
            path=path,
        )]
    words = element.split()
    interpreted = (
        len(words) != 1 or words[0] != element
        or element.startswith("(") or element.endswith(")")
        or any(word in KEYWORDS for word in words)
    )
    if interpreted:
        return [RuleDiagnostic(
            "list-element-not-interpreted",
            f"{excerpt(element)} is taken literally: the list syntax does not split on spaces or read "
            "parentheses and and/or/not, so this is one check, not an expression",
            suggestion=f'write the rule as a string: "{element}"', path=path,
        )]
    return []
