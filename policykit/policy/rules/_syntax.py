"""Why a text rule failed to parse, in words (used when the parser gives no diagnostic)."""

from __future__ import annotations

from policykit.policy.ast import FalseCheck
from policykit.policy.lexer import lex


def whole_rule_failed(text: str, check) -> bool:
    """True when oslo replaces the whole rule by ``!`` because it does not parse."""
    if not isinstance(check, FalseCheck) or text == "":
        return False
    tokens = lex(text)
    kinds = [token.type for token in tokens]
    core = [k for k in kinds if k not in ("LPAR", "RPAR")]
    if core != ["CHECK"]:
        return True
    position = kinds.index("CHECK")
    opening, closing = kinds[:position], kinds[position + 1:]
    return not (set(opening) <= {"LPAR"} and set(closing) <= {"RPAR"} and len(opening) == len(closing))


def explain(text: str) -> tuple[str, int, int, str | None]:
    """(what is wrong, start, end, suggestion) for a rule that does not parse."""
    tokens = lex(text)
    depth = 0
    for token in tokens:
        if token.type == "STRING":
            return ("a quoted chunk is not part of the rule language", token.start, token.end,
                    "remove the quotes around " + text[token.start:token.end])
        if token.type == "CHECK" and token.text.lower().startswith("not(") :
            return ("`not(` needs a space: oslo reads it as a check of kind " + repr(token.text.split(":", 1)[0]),
                    token.start, token.end, "write `not (` with a space")
        if token.type == "CHECK" and token.check is not None and hasattr(token.check, "kind") \
                and token.check.kind.lower() in ("and(", "or("):
            return ("an operator glued to `(` is read as a check", token.start, token.end, "put a space before `(`")
        if token.type == "LPAR":
            depth += 1
        elif token.type == "RPAR":
            depth -= 1
            if depth < 0:
                return ("unbalanced `)`", token.start, token.end, "remove it or add the matching `(`")
    if depth > 0:
        opening = [t for t in tokens if t.type == "LPAR"][-1]
        return ("unbalanced `(`", opening.start, opening.end, "add the matching `)`")
    operators = ("AND", "OR", "NOT")
    if not tokens:
        return ("the rule is only whitespace", 0, len(text), 'write "" to allow everyone or "!" to deny everyone')
    if tokens[-1].type in operators:
        return (f"dangling `{tokens[-1].text}` at the end", tokens[-1].start, tokens[-1].end, "complete or remove it")
    if tokens[0].type in ("AND", "OR"):
        return (f"dangling `{tokens[0].text}` at the start", tokens[0].start, tokens[0].end, "remove it")
    for before, after in zip(tokens, tokens[1:]):
        if before.type in ("CHECK", "RPAR") and after.type in ("CHECK", "LPAR", "NOT"):
            return ("two checks with no `and`/`or` between them (a space inside a check?)",
                    after.start, after.end, "join them with `and` or `or`, or remove the space")
        if before.type in operators and after.type in ("AND", "OR", "RPAR"):
            return (f"`{before.text}` is followed by `{after.text}`", after.start, after.end, None)
        if before.type == "LPAR" and after.type == "RPAR":
            return ("empty parentheses", before.start, after.end, None)
    return ("the rule does not fit the grammar", 0, len(text), None)
