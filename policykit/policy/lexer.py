"""The chunk lexer of oslo.policy's string syntax (specs/policy-language.md §1.2-§1.4).

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
    """One token: its type, its text, its offsets in the rule and, for CHECK, its leaf."""

    type: str
    text: str
    start: int
    end: int
    check: Check | None = None


def build_leaf(core, span: Span | None = None) -> Check:
    """The check oslo builds for one chunk core or one list element (§1.4).

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


def lex(rule: str) -> list[Token]:
    """Tokens of a string rule, exactly as oslo.policy's tokenizer yields them."""
    tokens: list[Token] = []
    append = tokens.append
    for chunk, start in chunks(rule):
        body = chunk.lstrip("(")
        leading = len(chunk) - len(body)
        for offset in range(start, start + leading):
            append(Token(LPAR, "(", offset, offset + 1))
        if not body:
            continue
        core = body.rstrip(")")
        trailing = len(body) - len(core)
        core_start = start + leading
        core_end = core_start + len(core)
        keyword = KEYWORDS.get(core) if len(core) < 4 else None
        if keyword is not None:
            append(Token(keyword, core, core_start, core_end))
        elif core:
            if len(body) >= 2 and body[0] == body[-1] and body[0] in "'\"":
                append(Token(STRING, body[1:-1], core_start, core_start + len(body)))
            else:
                append(Token(CHECK, core, core_start, core_end, build_leaf(core, Span(core_start, core_end))))
        for offset in range(core_end, core_end + trailing):
            append(Token(RPAR, ")", offset, offset + 1))
    return tokens
