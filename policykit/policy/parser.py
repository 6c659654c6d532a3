"""Parse oslo.policy rules into check trees, exactly as oslo.policy does.

``parse_rule(rule)``: a ``str`` is read in the policy language (oslo's
``_parse_text_rule``), anything else in the list-of-lists syntax (``_parse_list_rule``). The result has oslo's tree shape
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

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from policykit.errors import PolicykitError
from policykit.policy.ast import AndCheck, Check, FalseCheck, NotCheck, OrCheck, TrueCheck
from policykit.policy.lexer import raw_tokens
from policykit.policy.listsyntax import RuleTypeError, parse_list_rule

__all__ = [
    "ParseResult", "RuleDiagnostic", "RuleNestingError", "RuleTypeError", "first_error", "grammar_text", "parse_rule",
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


# Reductions whose value is their only operand. The loop never performs them: the
# table is rewritten so that a shift (or goto) into a state that can only perform
# such a reduction goes straight to the state after it — the usual LR "unit rule
# elimination". Errors are still found before the next shift, so the language is
# unchanged (the differential tests compare with lark's own parser and with oslo).
_IDENTITY = {_CHECK, _AND_FIRST}


@dataclass(frozen=True)
class _Table:
    """lark's LALR table in a form a tight loop can use.

    ``actions[state][token_type]`` is a shift target (``>= 0``) or ``~reduction``;
    ``gotos[reduction][state]`` is the state after that reduction uncovers ``state``.
    """

    start: int
    actions: list[dict[str, int]]
    gotos: list[list[int | None]]


def _build_table(grammar: str) -> _Table:
    from lark import Lark
    from lark.lexer import Lexer

    class _TokensGiven(Lexer):  # the tokens come from policykit.policy.lexer
        def __init__(self, conf):
            pass

        def lex(self, data):
            return iter(data)

    parser = Lark(grammar, parser="lalr", lexer=_TokensGiven)
    table = parser.parser.parser.parser.parse_table
    count = max(table.states) + 1
    actions: list[dict[str, int]] = [{} for _ in range(count)]
    goto: list[dict[str, int]] = [{} for _ in range(count)]
    origins: dict[int, str] = {}
    for state, entries in table.states.items():
        for symbol, (action, argument) in entries.items():
            symbol = str.__str__(symbol)  # lark gives Token subclasses: slow to compare
            if action.name == "Shift":
                (actions if symbol.isupper() or symbol == _END else goto)[state][symbol] = argument
            else:
                code = _REDUCTIONS[argument.alias or argument.origin.name]
                origins[code] = str.__str__(argument.origin.name)
                actions[state][symbol] = ~code

    def only_reduction(state: int) -> int | None:
        codes = set(actions[state].values())
        if len(codes) == 1 and not goto[state]:
            code = ~codes.pop()
            if code in _IDENTITY:
                return code
        return None

    def skip_identities(below: int, target: int) -> int:
        while (code := only_reduction(target)) is not None:
            target = goto[below][origins[code]]
        return target

    for state in range(count):
        for symbol, action in actions[state].items():
            if action >= 0:
                actions[state][symbol] = skip_identities(state, action)
        for symbol, target in goto[state].items():
            goto[state][symbol] = skip_identities(state, target)
    gotos = [[goto[state].get(origins.get(code, "")) for state in range(count)] for code in range(len(_REDUCTIONS))]
    return _Table(table.start_states["start"], actions, gotos)


_table: _Table | None = None
_CACHE_FORMAT = 1


def _cache_file(grammar: str) -> Path | None:
    """Where the compiled table of this grammar text is kept between runs.

    Building the table imports lark and runs its LALR analysis (tens of milliseconds,
    paid by every command-line run); the cached table is a small JSON file keyed by the
    grammar's hash. ``POLICYKIT_CACHE_DIR`` moves it; ``POLICYKIT_CACHE_DIR=off``
    disables it.
    """
    configured = os.environ.get("POLICYKIT_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        base = Path(configured)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policykit"
    digest = hashlib.sha256(f"{_CACHE_FORMAT}\n{grammar}".encode()).hexdigest()[:20]
    return base / f"policy-grammar-{digest}.json"


def _read_cached(path: Path) -> _Table | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        table = _Table(int(data["start"]), [dict(state) for state in data["actions"]],
                       [list(row) for row in data["gotos"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(table.gotos) != len(_REDUCTIONS) or not all(
        isinstance(action, int) for state in table.actions for action in state.values()
    ):
        return None
    return table


def _write_cached(path: Path, table: _Table) -> None:
    data = {"start": table.start, "actions": table.actions, "gotos": table.gotos}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(out.name, path)
    except OSError:
        pass  # a read-only home only costs the rebuild next time


def _get_table() -> _Table:
    global _table
    if _table is None:
        grammar = grammar_text()
        cache = _cache_file(grammar)
        table = _read_cached(cache) if cache is not None else None
        if table is None:
            table = _build_table(grammar)
            if cache is not None:
                _write_cached(cache, table)
        _table = table
    return _table


def _and_chain(value, start: int, end: int, first: bool) -> Check:
    """An or-term from an and_expr value (one check, or a list of two or more), as oslo's parser reduces it."""
    if type(value) is not list:
        return value
    head = value[0]
    if not first and type(head) is AndCheck:
        # AND-merge quirk: for a non-first or-term oslo pops the previous or-child and,
        # when it is already an AndCheck (here: a parenthesised group), extends it in place.
        head.rules.extend(value[1:])
        head.span = (start, end)
        return head
    return AndCheck(value, (start, end))


def parse_text_rule(rule: str) -> Check:
    """The check tree of a rule in the policy language (never raises but RuleNestingError)."""
    if not rule:
        return TrueCheck((0, 0))
    tokens = raw_tokens(rule)
    if len(tokens) == 1 and tokens[0][3] == "CHECK":
        return tokens[0][0]  # the most common rule: one check, nothing to parse
    table = _table or _get_table()
    actions, gotos = table.actions, table.gotos
    states = [table.start]
    # One stack entry per grammar symbol: (value, start, end). A token enters as its
    # lexer tuple (value, start, end, type); a reduction replaces the entries it
    # consumed with one new tuple. Values: a check for unary; a check or a list of
    # two or more checks for and_expr; a list of built or-terms for or_expr.
    stack: list[tuple] = []
    tokens.append((None, len(rule), len(rule), _END))
    for token in tokens:
        token_type = token[3]
        negations = 0
        while True:
            action = actions[states[-1]].get(token_type)
            if action is None:
                return FalseCheck((0, len(rule)))
            if action >= 0:
                states.append(action)
                stack.append(token)
                break
            code = ~action
            if code == _OR_FIRST:  # or_expr: and_expr
                value, start, end = stack[-1][:3]
                stack[-1] = ([_and_chain(value, start, end, True)], start, end)
                del states[-1]
            elif code == _AND_MORE:  # and_expr: and_expr AND unary
                chain, start = stack[-3][:2]
                value, _, end = stack[-1][:3]
                if type(chain) is list:
                    chain.append(value)
                else:
                    chain = [chain, value]
                del stack[-2:], states[-3:]
                stack[-1] = (chain, start, end)
            elif code == _OR_MORE:  # or_expr: or_expr OR and_expr
                value, start, end = stack[-1][:3]
                terms, first_start = stack[-3][:2]
                terms.append(_and_chain(value, start, end, False))
                del stack[-2:], states[-3:]
                stack[-1] = (terms, first_start, end)
            elif code == _GROUP:  # unary: LPAR or_expr RPAR
                terms, start, end = stack[-2][:3]
                node = terms[0] if len(terms) == 1 else OrCheck(terms, (start, end))
                end = stack[-1][2]
                del stack[-2:], states[-3:]
                stack[-1] = (node, stack[-1][1], end)
            elif code == _NEGATION:  # unary: NOT unary
                negations += 1
                if negations > sys.getrecursionlimit():
                    raise RuleNestingError(
                        f"more than {sys.getrecursionlimit()} chained 'not' operators: oslo.policy "
                        "raises RecursionError when it parses this rule"
                    )
                start, end = stack[-2][1], stack[-1][2]
                node = NotCheck(stack[-1][0], (start, end))
                del stack[-1], states[-2:]
                stack[-1] = (node, start, end)
            elif code == _START:  # start: or_expr, on the end marker
                terms, start, end = stack[-1][:3]
                return terms[0] if len(terms) == 1 else OrCheck(terms, (start, end))
            else:  # pragma: no cover - identity reductions are compiled out of the table
                raise AssertionError(f"unexpected reduction {code}")
            states.append(gotos[code][states[-1]])
    raise AssertionError("the end marker always ends the parse")  # pragma: no cover


_SIZES = {_OR_FIRST: 1, _OR_MORE: 3, _AND_FIRST: 1, _AND_MORE: 3, _NEGATION: 2, _CHECK: 1, _GROUP: 3}


def first_error(token_types: list[str]) -> int | None:
    """Index of the token at which the grammar rejects a token sequence, or None if it fits.

    ``len(token_types)`` means the sequence ends too early. This is how a rule that
    parses to ``!`` because it *is* ``!`` (or a colon-less leaf) is told apart from a
    rule oslo cannot parse at all.
    """
    table = _table or _get_table()
    actions, gotos = table.actions, table.gotos
    states = [table.start]
    for index, token_type in enumerate([*token_types, _END]):
        while True:
            action = actions[states[-1]].get(token_type)
            if action is None:
                return index
            if action >= 0:
                states.append(action)
                break
            code = ~action
            if code == _START:
                return None
            del states[len(states) - _SIZES[code]:]
            states.append(gotos[code][states[-1]])
    raise AssertionError("the end marker always ends the parse")  # pragma: no cover


def parse_rule(rule) -> Check:
    """The check tree oslo.policy's ``parse_rule`` builds for ``rule`` (a str or a list)."""
    if isinstance(rule, str):
        return parse_text_rule(rule)
    return parse_list_rule(rule)


@dataclass
class ParseResult:
    """A rule's tree (identical to ``parse_rule``'s) and its ``RuleDiagnostic`` list."""

    check: Check
    diagnostics: list = field(default_factory=list)


def __getattr__(name: str):
    if name == "RuleDiagnostic":  # lives with the diagnostics, loaded only when asked for
        from policykit.policy.diagnostics import RuleDiagnostic

        return RuleDiagnostic
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def parse_rule_with_diagnostics(rule) -> ParseResult:
    """The same tree as ``parse_rule``, plus diagnostics (``policykit.policy.diagnostics``)."""
    from policykit.policy.diagnostics import diagnose

    check = parse_rule(rule)  # the same tree: diagnostics never change what oslo does
    return ParseResult(check, diagnose(rule, check))
