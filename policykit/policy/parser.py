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
no lark Tree, no transformer. The table itself is built and cached by
``policykit.policy.grammar``. ``policykit.policy.diagnostics.parse_rule_with_diagnostics``
gives the same tree plus the problems a person should hear about; the plain
``parse_rule`` never pays for them.
"""

from __future__ import annotations

import sys

from policykit.errors import PolicykitError
from policykit.policy.ast import AndCheck, Check, FalseCheck, NotCheck, OrCheck, TrueCheck
from policykit.policy.grammar import (  # first_error and grammar_text: part of this module's API
    AND_MORE, END, GROUP, NEGATION, OR_FIRST, OR_MORE, START, first_error, grammar_text, get_table,
)
from policykit.policy.lexer import raw_tokens
from policykit.policy.listsyntax import RuleTypeError, parse_list_rule

__all__ = ["RuleNestingError", "RuleTypeError", "first_error", "grammar_text", "parse_rule", "parse_text_rule"]


class RuleNestingError(PolicykitError):
    """A rule chains more ``not`` operators than Python's recursion limit allows.

    oslo.policy's reducer recurses once per chained ``not`` and raises RecursionError
    from ``parse_rule`` somewhere below ``sys.getrecursionlimit()`` chained operators
    (about 990 with the default limit), so the service cannot load the policy.
    policykit parses without recursion and raises this error instead once a chain is
    longer than the recursion limit; below that it returns the tree.
    """


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
    table = get_table()
    actions, gotos = table.actions, table.gotos
    states = [table.start]
    # One stack entry per grammar symbol: (value, start, end). A token enters as its
    # lexer tuple (value, start, end, type); a reduction replaces the entries it
    # consumed with one new tuple. Values: a check for unary; a check or a list of
    # two or more checks for and_expr; a list of built or-terms for or_expr.
    stack: list[tuple] = []
    tokens.append((None, len(rule), len(rule), END))
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
            if code == OR_FIRST:  # or_expr: and_expr
                value, start, end = stack[-1][:3]
                stack[-1] = ([_and_chain(value, start, end, True)], start, end)
                del states[-1]
            elif code == AND_MORE:  # and_expr: and_expr AND unary
                chain, start = stack[-3][:2]
                value, _, end = stack[-1][:3]
                if type(chain) is list:
                    chain.append(value)
                else:
                    chain = [chain, value]
                del stack[-2:], states[-3:]
                stack[-1] = (chain, start, end)
            elif code == OR_MORE:  # or_expr: or_expr OR and_expr
                value, start, end = stack[-1][:3]
                terms, first_start = stack[-3][:2]
                terms.append(_and_chain(value, start, end, False))
                del stack[-2:], states[-3:]
                stack[-1] = (terms, first_start, end)
            elif code == GROUP:  # unary: LPAR or_expr RPAR
                terms, start, end = stack[-2][:3]
                node = terms[0] if len(terms) == 1 else OrCheck(terms, (start, end))
                end = stack[-1][2]
                del stack[-2:], states[-3:]
                stack[-1] = (node, stack[-1][1], end)
            elif code == NEGATION:  # unary: NOT unary
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
            elif code == START:  # start: or_expr, on the end marker
                terms, start, end = stack[-1][:3]
                return terms[0] if len(terms) == 1 else OrCheck(terms, (start, end))
            else:  # pragma: no cover - identity reductions are compiled out of the table
                raise AssertionError(f"unexpected reduction {code}")
            states.append(gotos[code][states[-1]])
    raise AssertionError("the end marker always ends the parse")  # pragma: no cover


def parse_rule(rule) -> Check:
    """The check tree oslo.policy's ``parse_rule`` builds for ``rule`` (a str or a list)."""
    if isinstance(rule, str):
        return parse_text_rule(rule)
    return parse_list_rule(rule)
