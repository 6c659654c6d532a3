"""The policy grammar as an LALR table: built by lark from ``grammars/policy.lark``, cached.

``get_table()`` gives the table the parser's loop drives (``policykit.policy.parser``);
``first_error(token_types)`` runs the same table over a token sequence to say where the
grammar rejects it (the diagnostics use it to tell a rule that *is* ``!`` from one oslo
cannot parse). Building the table imports lark and runs its LALR analysis; the result
is cached on disk between runs (``POLICYKIT_CACHE_DIR``), so most runs never import lark.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = [
    "AND_FIRST", "AND_MORE", "CHECK", "END", "GROUP", "NEGATION", "OR_FIRST", "OR_MORE", "START", "Table",
    "first_error", "get_table", "grammar_text",
]

GRAMMAR_NAME = "policy.lark"


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, from ``grammars/``."""
    try:
        return resources.files("policykit").joinpath("grammars", GRAMMAR_NAME).read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, ModuleNotFoundError):
        source = Path(__file__).resolve().parents[2] / "grammars" / GRAMMAR_NAME
        return source.read_text(encoding="utf-8")


# Reductions, by the alias each production carries in the grammar.
OR_FIRST, OR_MORE, AND_FIRST, AND_MORE, NEGATION, CHECK, GROUP, START = range(8)
_REDUCTIONS = {
    "or_first": OR_FIRST, "or_more": OR_MORE, "and_first": AND_FIRST, "and_more": AND_MORE,
    "negation": NEGATION, "check": CHECK, "group": GROUP, "start": START,
}
END = "$END"


# Reductions whose value is their only operand. The loop never performs them: the
# table is rewritten so that a shift (or goto) into a state that can only perform
# such a reduction goes straight to the state after it — the usual LR "unit rule
# elimination". Errors are still found before the next shift, so the language is
# unchanged (the differential tests compare with lark's own parser and with oslo).
_IDENTITY = {CHECK, AND_FIRST}


@dataclass(frozen=True)
class Table:
    """lark's LALR table in a form a tight loop can use.

    ``actions[state][token_type]`` is a shift target (``>= 0``) or ``~reduction``;
    ``gotos[reduction][state]`` is the state after that reduction uncovers ``state``.
    """

    start: int
    actions: list[dict[str, int]]
    gotos: list[list[int | None]]


def _build_table(grammar: str) -> Table:
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
                (actions if symbol.isupper() or symbol == END else goto)[state][symbol] = argument
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
    return Table(table.start_states["start"], actions, gotos)


_table: Table | None = None
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


def _read_cached(path: Path) -> Table | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        table = Table(int(data["start"]), [dict(state) for state in data["actions"]],
                       [list(row) for row in data["gotos"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if len(table.gotos) != len(_REDUCTIONS) or not all(
        isinstance(action, int) for state in table.actions for action in state.values()
    ):
        return None
    return table


def _write_cached(path: Path, table: Table) -> None:
    data = {"start": table.start, "actions": table.actions, "gotos": table.gotos}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp", encoding="utf-8") as out:
            json.dump(data, out)
        os.replace(out.name, path)
    except OSError:
        pass  # a read-only home only costs the rebuild next time


def get_table() -> Table:
    """The table (built, or read from the cache, on first use)."""
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


_SIZES = {OR_FIRST: 1, OR_MORE: 3, AND_FIRST: 1, AND_MORE: 3, NEGATION: 2, CHECK: 1, GROUP: 3}


def first_error(token_types: list[str]) -> int | None:
    """Index of the token at which the grammar rejects a token sequence, or None if it fits.

    ``len(token_types)`` means the sequence ends too early. This is how a rule that
    parses to ``!`` because it *is* ``!`` (or a colon-less leaf) is told apart from a
    rule oslo cannot parse at all.
    """
    table = _table or get_table()
    actions, gotos = table.actions, table.gotos
    states = [table.start]
    for index, token_type in enumerate([*token_types, END]):
        while True:
            action = actions[states[-1]].get(token_type)
            if action is None:
                return index
            if action >= 0:
                states.append(action)
                break
            code = ~action
            if code == START:
                return None
            del states[len(states) - _SIZES[code]:]
            states.append(gotos[code][states[-1]])
    raise AssertionError("the end marker always ends the parse")  # pragma: no cover
