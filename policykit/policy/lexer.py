"""The chunk lexer of oslo.policy's string syntax (``oslo_policy._parser._parse_tokenize``).

oslo.policy does not lex with terminals: it splits the rule on whitespace and looks at
each chunk on its own — leading ``(`` are parentheses, trailing ``)`` are parentheses,
what is left is a keyword, a quoted string or a check. A ``)`` or ``(`` in the middle
of a chunk is part of the check (``%(project_id)s``). This module reproduces that
exactly; the grammar in ``grammars/policy.lark`` then decides what the tokens mean.

Leaves are built here, as oslo builds them while lexing (``build_leaf``), and the same
function serves the list syntax, which hands it raw elements.
"""

from __future__ import annotations

from typing import NamedTuple

from policykit.policy.ast import LEAF_CLASSES, Check, FalseCheck, GenericCheck, Span, TrueCheck

LPAR = "LPAR"
RPAR = "RPAR"
AND = "AND"
OR = "OR"
NOT = "NOT"
CHECK = "CHECK"
STRING = "STRING"

# Every spelling of the three keywords: oslo compares ``chunk.lower()``, and only ASCII
# letters lower-case to a, n, d, o, r, t.
KEYWORDS: dict[str, str] = {}
for _word, _type in (("and", AND), ("or", OR), ("not", NOT)):
    for _mask in range(1 << len(_word)):
        _spelling = "".join(c.upper() if _mask >> i & 1 else c for i, c in enumerate(_word))
        KEYWORDS[_spelling] = _type
del _word, _type, _mask, _spelling


class Token(NamedTuple):
    """One token: its type, its source text (a STRING keeps its quotes), its offsets, its leaf."""

    type: str
    text: str
    start: int
    end: int
    check: Check | None = None


def build_leaf(core, span: Span | None = None) -> Check:
    """The check oslo builds for one chunk core or one list element (``oslo_policy._parser._parse_check``).

    ``!`` and ``@`` are the constant checks; anything without a colon — including a
    non-string list element — is a FalseCheck leaf; otherwise the text is split at the
    first colon and the kind picks the class (case-sensitive, everything unknown is a
    GenericCheck).
    """
    if core == "!":
        return FalseCheck(span)
    if core == "@":
        return TrueCheck(span)
    if not isinstance(core, str):
        return FalseCheck(span)  # oslo: ``rule.split(':', 1)`` fails, is logged, fails closed
    kind, colon, match = core.partition(":")
    if not colon:
        return FalseCheck(span)
    return LEAF_CLASSES.get(kind, GenericCheck)(kind, match, span)


def chunks(rule: str) -> list[tuple[str, int]]:
    """The whitespace-separated chunks of ``rule`` with their start offsets."""
    result = []
    position = 0
    find = rule.find
    for chunk in rule.split():
        position = find(chunk, position)
        result.append((chunk, position))
        position += len(chunk)
    return result


def raw_tokens(rule: str, _leaf_classes=LEAF_CLASSES, _generic=GenericCheck, _false=FalseCheck,
               _true=TrueCheck, _keywords=KEYWORDS) -> list[tuple]:
    """Tokens as plain ``(value, start, end, type)`` tuples, the parser's fast form.

    ``value`` is the leaf for CHECK, the unquoted text for STRING and the text otherwise.
    (Written for speed: this is most of the time of a parse.)
    """
    tokens: list[tuple] = []
    append = tokens.append
    position = 0
    find = rule.find
    for chunk in rule.split():
        start = position = find(chunk, position)
        position += len(chunk)
        if chunk[0] == "(":
            body = chunk.lstrip("(")
            for offset in range(start, start + len(chunk) - len(body)):
                append(("(", offset, offset + 1, LPAR))
            if not body:
                continue
            start = position - len(body)
        else:
            body = chunk
        if body[-1] == ")":
            core = body.rstrip(")")
            end = start + len(core)
        else:
            core = body
            end = position
        if len(core) < 4 and core in _keywords:
            append((core, start, end, _keywords[core]))
        elif core:
            first = body[0]
            if (first == "'" or first == '"') and body[-1] == first and len(body) > 1:
                append((body[1:-1], start, position, STRING))
            else:
                kind, colon, match = core.partition(":")
                if colon:
                    append((_leaf_classes.get(kind, _generic)(kind, match, (start, end)), start, end, CHECK))
                elif core == "@":
                    append((_true((start, end)), start, end, CHECK))
                else:  # "!", or no colon: oslo logs "Failed to understand rule" and denies
                    append((_false((start, end)), start, end, CHECK))
        if end != position:
            for offset in range(end, position):
                append((")", offset, offset + 1, RPAR))
    return tokens


def lex(rule: str) -> list[Token]:
    """Tokens of a string rule, exactly as oslo.policy's tokenizer yields them."""
    return [
        Token(kind, rule[start:end], start, end, value if kind == CHECK else None)
        for value, start, end, kind in raw_tokens(rule)
    ]
