"""What a person should hear about a rule: the parser's diagnostics.

``diagnose(rule, check)`` looks at a rule and the tree ``parse_rule`` built for it and
returns ``RuleDiagnostic`` records. Each says what oslo.policy will actually do with
the text, where (character offsets in the rule string), and, where one exists, a
suggestion. The linter turns them into findings; ``kind`` is a stable kebab string.

Kinds for a text rule that does not parse — oslo replaces the **whole rule** with
``!`` (deny everyone), so one is reported per rule, the first problem found:

``unbalanced-open-paren``, ``unbalanced-close-paren``, ``incomplete-substitution`` (the
``)`` that closes nothing ends a ``%(name)`` missing its ``s``), ``dangling-operator``,
``empty-group``, ``missing-operator`` (two checks with nothing between them, often a
space inside a check), ``quoted-chunk``, ``operator-glued-to-paren`` (``not(role:a)``),
``whitespace-only``, ``syntax-error`` (anything else).

Kinds for leaves (the rule parses):

``missing-colon`` (a leaf without ``:`` is a FalseCheck: denies), ``missing-colon-negated``
(the same leaf under an odd number of ``not``: **allows everyone** it negates),
``misspelt-kind`` (``rol:``, ``ROLE:``, ``Role:``, ``rul:``, ``htps:``... are generic
checks of a credential with that name, never true in practice), ``literal-kind-raises``
(``01:x``, ``:x``, keyword kinds: ``ast.literal_eval`` raises something other than
ValueError, so oslo raises at evaluation), ``literal-kind`` (``True:%(x)s``: the kind is
a Python literal, creds are never looked at), ``paren-inside-check`` (a ``(`` or ``)``
that the chunk lexer kept inside a check, such as ``role:(a``).

Kinds for the list syntax (``path`` gives the element's index path, offsets are None):

``list-element-not-interpreted`` (an element with spaces, parentheses or and/or/not:
taken literally), ``list-empty-string`` (``""`` inside an inner list is a FalseCheck),
``list-non-string-element`` (a number, list or mapping where a check string belongs:
FalseCheck), ``list-no-alternatives`` (``[[]]``: denies everyone), ``empty-list-allows-all``
(``[]``, ``{}``: allows everyone), ``null-allows-all`` (a null value: allows everyone),
``falsy-value-allows-all`` (``false``, ``0``: not a rule, yet allows everyone).
"""

from __future__ import annotations

import ast as python_ast
from dataclasses import dataclass, field

from policykit.policy.ast import Check, FalseCheck, GenericCheck, LeafCheck, NotCheck
from policykit.policy.grammar import first_error
from policykit.policy.lexer import AND, CHECK, LPAR, NOT, OR, RPAR, STRING, Token, lex
from policykit.policy.list_diagnostics import list_diagnostics
from policykit.policy.parser import parse_rule
from policykit.policy.rule_diagnostic import DENY_ALL_KINDS, RuleDiagnostic

__all__ = ["DENY_ALL_KINDS", "ParseResult", "RuleDiagnostic", "diagnose", "parse_rule_with_diagnostics"]

_DENY_ALL = 'oslo.policy cannot parse this rule and replaces all of it with "!" (deny everyone)'
_BUILTIN_KINDS = ("role", "rule", "http", "https")
_OPERATORS = (AND, OR, NOT)


@dataclass
class ParseResult:
    """A rule's tree (identical to ``parse_rule``'s) and its ``RuleDiagnostic`` list."""

    check: Check
    diagnostics: list = field(default_factory=list)


def parse_rule_with_diagnostics(rule) -> ParseResult:
    """The same tree as ``parse_rule``, plus the diagnostics for it."""
    check = parse_rule(rule)  # the same tree: diagnostics never change what oslo does
    return ParseResult(check, diagnose(rule, check))


def diagnose(rule, check: Check | None = None) -> list[RuleDiagnostic]:
    """Diagnostics for ``rule``; ``check`` is its tree from ``parse_rule`` (parsed if omitted)."""
    if check is None:
        check = parse_rule(rule)
    if isinstance(rule, str):
        return _text_diagnostics(rule, check)
    return list_diagnostics(rule)


# --- text rules -------------------------------------------------------------------


def _text_diagnostics(rule: str, check: Check) -> list[RuleDiagnostic]:
    if rule == "":
        return []
    tokens = lex(rule)
    if isinstance(check, FalseCheck):
        failure = _syntax_failure(rule, tokens)
        if failure is not None:
            return [failure]
    found: list[RuleDiagnostic] = []
    for node, negated in _leaves_with_parity(check):
        if isinstance(node, LeafCheck) or isinstance(node, FalseCheck):
            found.extend(_leaf_diagnostics(rule, node, negated))
    return found


def _leaves_with_parity(check: Check):
    """Every node with whether an odd number of ``not`` sits above it."""
    stack = [(check, False)]
    while stack:
        node, negated = stack.pop()
        yield node, negated
        inner = negated ^ isinstance(node, NotCheck)
        stack.extend((child, inner) for child in reversed(node.children()))


def _leaf_diagnostics(rule: str, node: Check, negated: bool) -> list[RuleDiagnostic]:
    span = node.span
    if span is None:
        return []
    start, end = span
    text = rule[start:end]
    if isinstance(node, FalseCheck):
        if text == "!":
            return []
        if negated:
            return [RuleDiagnostic(
                "missing-colon-negated",
                f"{text!r} has no ':', so oslo reads it as a check that is always false; the "
                "'not' above it makes that part of the rule true for everyone",
                start, end, _colon_suggestion(text),
            )]
        return [RuleDiagnostic(
            "missing-colon", f"{text!r} has no ':', so oslo reads it as a check that is always false",
            start, end, _colon_suggestion(text),
        )]
    found = []
    if isinstance(node, GenericCheck):
        found.extend(_kind_diagnostics(node.kind, start, node.match))
    if ("(" in text or ")" in text) and not _only_substitutions(node.match if isinstance(node, LeafCheck) else text):
        found.append(RuleDiagnostic(
            "paren-inside-check",
            f"the parenthesis in {text!r} is part of the check, not grouping: oslo only treats "
            "parentheses at the start or end of a whitespace-separated chunk as grouping",
            start, end, "separate grouping parentheses from the check with a space",
        ))
    return found


def _only_substitutions(match: str) -> bool:
    """True when every parenthesis of ``match`` belongs to a ``%(name)`` substitution."""
    cleaned, index = [], 0
    while index < len(match):
        if match.startswith("%(", index):
            close = match.find(")", index)
            if close < 0:
                return False
            index = close + 1
            continue
        cleaned.append(match[index])
        index += 1
    text = "".join(cleaned)
    return "(" not in text and ")" not in text


def _colon_suggestion(text: str) -> str | None:
    if text in ("@@", "@"):
        return '"@"'
    if text.lower() in ("true", "allow", "any"):
        return '"@" (allow everyone) or "" '
    if text.lower() in ("false", "deny", "none", "!!"):
        return '"!" (deny everyone)'
    return f"role:{text}" if text.isidentifier() else None


def _kind_diagnostics(kind: str, start: int, match: str) -> list[RuleDiagnostic]:
    end = start + len(kind)
    intended = _misspelt(kind)
    if intended is not None:
        return [RuleDiagnostic(
            "misspelt-kind",
            f"check kind {kind!r} is not {intended!r} (kinds are case-sensitive): oslo reads it as a "
            f"generic check that compares creds[{kind!r}], which is almost never set",
            start, end, f"{intended}:{match}", replacement=intended,
        )]
    try:
        value = python_ast.literal_eval(kind)
    except ValueError:
        return []
    except Exception as exc:  # noqa: BLE001 - whatever it is, oslo lets it propagate
        name = type(exc).__name__
        return [RuleDiagnostic(
            "literal-kind-raises",
            f"check kind {kind!r} makes oslo raise {name} whenever the check is evaluated "
            "(it passes the kind to ast.literal_eval and only catches ValueError)",
            start, end, None,
        )]
    return [RuleDiagnostic(
        "literal-kind",
        f"check kind {kind!r} is a Python literal ({type(value).__name__}): oslo compares the match "
        f"with {str(value)!r} and never looks at the credentials",
        start, end, None,
    )]


def _misspelt(kind: str) -> str | None:
    if kind in _BUILTIN_KINDS or kind == "roles" or len(kind) < 3:
        return None
    lowered = kind.lower()
    for builtin in _BUILTIN_KINDS:
        if lowered == builtin or _one_edit_apart(lowered, builtin):
            return builtin
    return None


def _one_edit_apart(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours turns ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        differences = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differences) == 1:
            return True
        return (len(differences) == 2 and differences[1] == differences[0] + 1
                and a[differences[0]] == b[differences[1]] and a[differences[1]] == b[differences[0]])
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _syntax_failure(rule: str, tokens: list[Token]) -> RuleDiagnostic | None:
    if not tokens:
        return RuleDiagnostic("whitespace-only", f"the rule is only whitespace: {_DENY_ALL}", 0, len(rule),
                              '"" to allow everyone, or "!" to deny everyone')
    failing = first_error([token.type for token in tokens])
    if failing is None:
        return None  # it parses: the FalseCheck is a "!" or a colon-less leaf
    for token in tokens:
        if token.type == CHECK:
            head = token.text.split(":", 1)[0].lower()
            for word in ("not(", "and(", "or("):
                if head.startswith(word):
                    return RuleDiagnostic(
                        "operator-glued-to-paren",
                        f"{token.text[:len(word)]!r} has no space before '(', so oslo reads {token.text!r} as one "
                        f"check instead of an operator and a group: {_DENY_ALL}",
                        token.start, token.end, f"{token.text[:len(word) - 1]} ({token.text[len(word):]}",
                        replacement=f"{token.text[:len(word) - 1]} ({token.text[len(word):]}",
                    )
    for token in tokens:
        if token.type == STRING:
            return RuleDiagnostic(
                "quoted-chunk",
                f"{token.text} is quoted inside the rule: quotes are not part of the rule language, so {_DENY_ALL}",
                token.start, token.end, f"remove the quotes: {token.text[1:-1]}", replacement=token.text[1:-1],
            )
    opened: list[Token] = []
    for index, token in enumerate(tokens):
        if token.type == LPAR:
            opened.append(token)
        elif token.type == RPAR:
            if not opened:
                incomplete = _incomplete_substitution(tokens, index)
                if incomplete is not None:
                    return incomplete
                return RuleDiagnostic(
                    "unbalanced-close-paren", f"this ')' closes nothing: {_DENY_ALL}", token.start, token.end,
                    "remove it or add the matching '('",
                )
            opened.pop()
    if failing == len(tokens) and opened:
        token = opened[-1]
        return RuleDiagnostic("unbalanced-open-paren", f"this '(' is never closed: {_DENY_ALL}",
                              token.start, token.end, "add the matching ')' or remove it")
    return _grammar_failure(rule, tokens, failing)


def _incomplete_substitution(tokens: list[Token], index: int) -> RuleDiagnostic | None:
    """``project_id:%(project_id)``: the lexer split the ``)`` of a substitution missing its ``s``
    off the check (with any group parentheses after it), so a ``)`` — this one — closes nothing."""
    first = index
    while first > 0 and tokens[first - 1].type == RPAR and tokens[first - 1].end == tokens[first].start:
        first -= 1  # "(project_id:%(project_id))": the parentheses glued to the check
    check = tokens[first - 1] if first > 0 else None
    if check is None or check.type != CHECK or check.end != tokens[first].start:
        return None
    opening = check.text.rfind("%(")
    if opening < 0 or ")" in check.text[opening:]:
        return None
    paren = tokens[index]
    written = check.text + "".join(token.text for token in tokens[first:index + 1])
    fixed = check.text + ")s" + written[len(check.text) + 1:]
    return RuleDiagnostic(
        "incomplete-substitution",
        f"{check.text[opening:] + ')'!r} in {check.text + ')'!r} is an incomplete substitution: a target value is "
        f"written %(name)s, and without the 's' oslo.policy reads its ')' as a parenthesis: {_DENY_ALL}",
        check.start, paren.end, fixed, replacement=fixed,
    )


def _grammar_failure(rule: str, tokens: list[Token], failing: int) -> RuleDiagnostic:
    before = tokens[failing - 1] if failing > 0 else None
    if failing == len(tokens):
        last = tokens[-1]
        if last.type in _OPERATORS:
            return _dangling(last, "nothing follows it")
        return RuleDiagnostic("syntax-error", f"the rule ends too early: {_DENY_ALL}", 0, len(rule))
    token = tokens[failing]
    if token.type in (AND, OR) and (before is None or before.type in (LPAR,) + _OPERATORS):
        if before is not None and before.type in _OPERATORS:
            return _dangling(before, f"it is followed by {token.text!r}")
        return _dangling(token, "nothing comes before it")
    if token.type == RPAR:
        if before is not None and before.type == LPAR:
            return RuleDiagnostic("empty-group", f"'()' groups nothing: {_DENY_ALL}", before.start, token.end,
                                  "remove the empty parentheses")
        if before is not None and before.type in _OPERATORS:
            return _dangling(before, "it is followed by ')'")
    if token.type in (CHECK, LPAR, NOT) and before is not None and before.type in (CHECK, RPAR):
        gap = rule[before.end:token.start]
        detail = ""
        if before.type == CHECK and token.type == CHECK:
            detail = f" (a space inside a check? {rule[before.start:token.end]!r})"
        return RuleDiagnostic(
            "missing-operator",
            f"{rule[before.start:before.end]!r} and {token.text!r} have no 'and'/'or' between them{detail}: {_DENY_ALL}",
            before.start, token.end,
            f"{rule[before.start:before.end]} and {token.text}" if token.type == CHECK and not gap.strip() else None,
        )
    return RuleDiagnostic("syntax-error", f"unexpected {token.text!r}: {_DENY_ALL}", token.start, token.end)


def _dangling(token: Token, why: str) -> RuleDiagnostic:
    return RuleDiagnostic(
        "dangling-operator", f"{token.text!r} is missing an operand ({why}): {_DENY_ALL}",
        token.start, token.end, f"complete or remove {token.text!r}",
    )
