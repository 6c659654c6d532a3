"""Parse oslo.policy rules into check trees, exactly as oslo.policy does.

``parse_rule(rule)``: a ``str`` is read in the policy language (specs/policy-language.md
§1), anything else in the list-of-lists syntax (§2). The result has oslo's tree shape
and ``str()``, node for node, including its odd corners: a rule that does not parse is
one FalseCheck (deny everyone), ``''`` is a TrueCheck, and a non-first or-term that
starts with a parenthesised and-group is merged into that group (the AND-merge quirk).
Nothing is logged and nothing raises for text rules, with one exception: see
``RuleNestingError``.

How it is fast: the grammar (``grammars/policy.lark``) is compiled by lark into an LALR
table once; this module then drives that table with its own small loop over the tokens
of the hand-written chunk lexer and builds check objects directly in each reduction —
no lark Tree, no transformer. ``parse_rule_with_diagnostics`` gives the same tree plus
the problems a person should hear about (``policykit.policy.diagnostics``); the plain
``parse_rule`` never pays for them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from policykit.errors import PolicykitError
from policykit.policy.ast import AndCheck, Check, FalseCheck, NotCheck, OrCheck, Span, TrueCheck
from policykit.policy.lexer import CHECK, lex
from policykit.policy.listsyntax import RuleTypeError, parse_list_rule

__all__ = [
    "ParseResult", "RuleNestingError", "RuleTypeError", "grammar_text", "parse_rule",
    "parse_rule_with_diagnostics", "parse_text_rule",
]


class RuleNestingError(PolicykitError):
    """A rule chains more ``not`` operators than Python's recursion limit allows.

    oslo.policy's reducer recurses once per chained ``not`` and raises RecursionError
    from ``parse_rule`` somewhere below ``sys.getrecursionlimit()`` chained operators
    (about 990 with the default limit), so the service cannot load the policy.
    policykit parses without recursion and raises this error instead once a chain is
    longer than the recursion limit; below that it returns the tree.
    """


GRAMMAR_NAME = "policy.lark"


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, from ``grammars/``."""
    try:
        return resources.files("policykit").joinpath("grammars", GRAMMAR_NAME).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        source = Path(__file__).resolve().parents[2] / "grammars" / GRAMMAR_NAME
        return source.read_text(encoding="utf-8")


# Reductions, by the alias each production carries in the grammar.
_OR_FIRST, _OR_MORE, _AND_FIRST, _AND_MORE, _NEGATION, _CHECK, _GROUP, _START = range(8)
_REDUCTIONS = {
    "or_first": _OR_FIRST, "or_more": _OR_MORE, "and_first": _AND_FIRST, "and_more": _AND_MORE,
    "negation": _NEGATION, "check": _CHECK, "group": _GROUP, "start": _START,
}
_END = "$END"


@dataclass(frozen=True)
class _Table:
    """lark's LALR table in a form a tight loop can use.

    ``actions[state][token_type]`` is a shift target (``>= 0``) or ``~reduction``;
    ``goto[state][nonterminal]`` is the state after a reduction.
    """

    start: int
    actions: list[dict[str, int]]
    goto: list[dict[str, int]]
    origins: dict[int, str]


def _build_table() -> _Table:
    from lark import Lark
    from lark.lexer import Lexer

    class _TokensGiven(Lexer):  # the tokens come from policykit.policy.lexer
        def __init__(self, conf):
            pass

        def lex(self, data):
            return iter(data)

    parser = Lark(grammar_text(), parser="lalr", lexer=_TokensGiven)
    table = parser.parser.parser.parser.parse_table
    count = max(table.states) + 1
    actions: list[dict[str, int]] = [{} for _ in range(count)]
    goto: list[dict[str, int]] = [{} for _ in range(count)]
    origins: dict[int, str] = {}
    for state, entries in table.states.items():
        for symbol, (action, argument) in entries.items():
            if action.name == "Shift":
                (actions if symbol.isupper() or symbol == _END else goto)[state][symbol] = argument
            else:
                code = _REDUCTIONS[argument.alias or argument.origin.name]
                origins[code] = argument.origin.name
                actions[state][symbol] = ~code
    return _Table(table.start_states["start"], actions, goto, origins)


_table: _Table | None = None


def _get_table() -> _Table:
    global _table
    if _table is None:
        _table = _build_table()
    return _table


def _term(operands: list[Check], start: int, end: int, first: bool) -> Check:
    """One or-term (an and-chain) as oslo builds it (§1.6)."""
    if len(operands) == 1:
        return operands[0]
    head = operands[0]
    if not first and type(head) is AndCheck:
        # AND-merge quirk: oslo pops the previous or-child and extends it in place.
        head.rules.extend(operands[1:])
        head.span = Span(start, end)
        return head
    return AndCheck(operands, Span(start, end))


def parse_text_rule(rule: str) -> Check:
    """The check tree of a rule in the policy language (never raises but RuleNestingError)."""
    if not rule:
        return TrueCheck(Span(0, 0))
    table = _table or _get_table()
    actions, goto, origins = table.actions, table.goto, table.origins
    states = [table.start]
    values: list = []
    starts: list[int] = []
    ends: list[int] = []
    tokens = lex(rule)
    tokens.append((_END, "", len(rule), len(rule), None))
    for token_type, _text, token_start, token_end, leaf in tokens:
        negations = 0
        while True:
            action = actions[states[-1]].get(token_type)
            if action is None:
                return FalseCheck(Span(0, len(rule)))
            if action >= 0:
                states.append(action)
                values.append(leaf)
                starts.append(token_start)
                ends.append(token_end)
                break
            code = ~action
            if code == _CHECK:  # unary: CHECK — the leaf is already on the stack
                del states[-1]
            elif code == _AND_FIRST:  # and_expr: unary
                values[-1] = [values[-1]]
                del states[-1]
            elif code == _OR_FIRST:  # or_expr: and_expr
                values[-1] = [_term(values[-1], starts[-1], ends[-1], True)]
                del states[-1]
            elif code == _AND_MORE:  # and_expr: and_expr AND unary
                values[-3].append(values[-1])
                end = ends[-1]
                del values[-2:], starts[-2:], ends[-2:], states[-3:]
                ends[-1] = end
            elif code == _OR_MORE:  # or_expr: or_expr OR and_expr
                values[-3].append(_term(values[-1], starts[-1], ends[-1], False))
                end = ends[-1]
                del values[-2:], starts[-2:], ends[-2:], states[-3:]
                ends[-1] = end
            elif code == _NEGATION:  # unary: NOT unary
                negations += 1
                if negations > sys.getrecursionlimit():
                    raise RuleNestingError(
                        f"more than {sys.getrecursionlimit()} chained 'not' operators: oslo.policy "
                        "raises RecursionError when it parses this rule"
                    )
                node = NotCheck(values[-1], Span(starts[-2], ends[-1]))
                end = ends[-1]
                del values[-1], starts[-1], ends[-1], states[-2:]
                values[-1] = node
                ends[-1] = end
            elif code == _GROUP:  # unary: LPAR or_expr RPAR
                terms = values[-2]
                node = terms[0] if len(terms) == 1 else OrCheck(terms, Span(starts[-2], ends[-2]))
                end = ends[-1]
                del values[-2:], starts[-2:], ends[-2:], states[-3:]
                values[-1] = node
                ends[-1] = end
            else:  # start: or_expr, on the end marker
                terms = values[-1]
                return terms[0] if len(terms) == 1 else OrCheck(terms, Span(starts[-1], ends[-1]))
            states.append(goto[states[-1]][origins[code]])
    raise AssertionError("the end marker always ends the parse")  # pragma: no cover


def parse_rule(rule) -> Check:
    """The check tree oslo.policy's ``parse_rule`` builds for ``rule`` (a str or a list)."""
    if isinstance(rule, str):
        return parse_text_rule(rule)
    return parse_list_rule(rule)


@dataclass
class ParseResult:
    check: Check
    diagnostics: list = field(default_factory=list)


def parse_rule_with_diagnostics(rule) -> ParseResult:
    """The same tree as ``parse_rule``, plus diagnostics (``policykit.policy.diagnostics``)."""
    from policykit.policy.diagnostics import diagnose

    check = parse_rule(rule)
    return ParseResult(check, diagnose(rule, check))
