"""The legacy list-of-lists rule syntax (``oslo_policy._parser._parse_list_rule``).

Any rule value that is not a ``str`` is read this way: the outer iterable is OR, each
inner iterable is AND, a bare string in the outer list is a one-element inner list, and
every element is handed *uninterpreted* to the leaf builder — no whitespace splitting,
no parentheses, no keywords. ``[]`` (and any falsy value, so a YAML null) allows
everyone; a list whose alternatives are all empty (``[[]]``) denies everyone.
"""

from __future__ import annotations

from policykit.compose import excerpt
from policykit.errors import PolicykitError
from policykit.policy.ast import AndCheck, Check, FalseCheck, OrCheck, TrueCheck
from policykit.policy.lexer import build_leaf


class RuleTypeError(PolicykitError, TypeError):
    """A rule value oslo.policy cannot read at all: a scalar such as ``true`` or ``5``.

    oslo.policy raises ``TypeError`` for these when the policy file is loaded, so the
    service does not start; this error is also a ``TypeError`` for callers that compare
    failures with oslo.policy's.
    """


def _iterate(value, where: str):
    try:
        return iter(value)
    except TypeError:
        raise RuleTypeError(
            f"{where} {excerpt(value)} ({type(value).__name__}) is neither a string nor a list; "
            "oslo.policy raises TypeError for it when loading the policy"
        ) from None


def parse_list_rule(rule) -> Check:
    """The check tree oslo.policy builds for a non-string rule value."""
    if not rule:
        return TrueCheck()
    alternatives: list[Check] = []
    for inner in _iterate(rule, "rule"):
        if not inner:
            continue
        if isinstance(inner, str):
            alternatives.append(build_leaf(inner))
            continue
        leaves = [build_leaf(element) for element in _iterate(inner, "list element")]
        alternatives.append(leaves[0] if len(leaves) == 1 else AndCheck(leaves))
    if not alternatives:
        return FalseCheck()
    if len(alternatives) == 1:
        return alternatives[0]
    return OrCheck(alternatives)
