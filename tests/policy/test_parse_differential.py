"""Differential test: policykit's parser against oslo.policy's ``parse_rule``.

For generated rules — token sequences (well-formed or not, with every whitespace and
case variant), character soup from the characters that matter, arbitrary text, and
list-syntax values — both parsers must agree on whether they raise, on ``str()`` and on
the tree shape (class names, nesting, kinds and matches). Our LALR driver is also
checked against lark's own parser for the same grammar, so the table rewriting it does
for speed cannot change the language. With CI set this runs 22,500 examples.
"""

from __future__ import annotations

import logging
import os
import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lark import Lark, Token as LarkToken
from lark.exceptions import LarkError
from lark.lexer import Lexer
from oslo_policy import _parser as oslo_parser

from policykit.policy.ast import FalseCheck
from policykit.policy.lexer import lex
from policykit.policy.parser import first_error, grammar_text, parse_rule

IN_CI = bool(os.environ.get("CI"))


def budget(ci_examples: int) -> settings:
    return settings(max_examples=ci_examples if IN_CI else max(25, ci_examples // 100))


@pytest.fixture(autouse=True, scope="module")
def quiet_oslo():
    logger = logging.getLogger("oslo_policy")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(previous)


def shape(check):
    name = type(check).__name__
    if hasattr(check, "rules"):
        return (name, [shape(rule) for rule in check.rules])
    if name == "NotCheck":
        return (name, shape(check.rule))
    if hasattr(check, "kind"):
        return (name, check.kind, check.match)
    return (name,)


def outcome(parse, rule):
    try:
        check = parse(rule)
    except RecursionError:
        return ("raises", "RecursionError")
    except Exception as exc:  # noqa: BLE001 - the class is what is compared
        return ("raises", "TypeError" if isinstance(exc, TypeError) else type(exc).__name__)
    return (str(check), shape(check))


def assert_same(rule):
    assert outcome(parse_rule, rule) == outcome(oslo_parser.parse_rule, rule)


CHECKS = [
    "role:admin", "role:a", "rule:os:get", "project_id:%(project_id)s", "user_id:%(target.user_id)s", "@", "!",
    "http:x", "https://h/%(x)s", "ROLE:z", "Role:a", "foo", "@@", ":x", "x:", "True:%(a)s", "'Member':%(r)s",
    "role:(a", "not(role:a)", "and(role:b", "role:%(x)s)", ")(", "a:b:c", "is_admin:True",
]
PUNCTUATION = ["(", ")", "((", "))", "()", '"role:a"', "'x'", "('x:y')", '"', "'"]
KEYWORDS = ["and", "or", "not", "AND", "Or", "nOt", "NOT"]
SEPARATORS = [" ", " ", " ", "  ", "", "\t", "\n", "\u00a0", "\u3000", " \u2028 "]

WORDS = CHECKS + PUNCTUATION + KEYWORDS


@st.composite
def token_rules(draw):
    pairs = draw(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=14))
    return "".join(word + separator for word, separator in pairs)


def _token_soup(rng: random.Random) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(SEPARATORS) for _ in range(rng.randrange(15)))


seeded_token_rules = st.integers(0, 2**32).map(lambda seed: _token_soup(random.Random(seed)))


def _well_formed(rng: random.Random, depth: int) -> str:
    if depth == 0 or rng.randrange(4) == 0:
        return rng.choice(CHECKS[:12])
    form = rng.randrange(4)
    if form == 0:
        return rng.choice(["not ", "NOT ", "not  "]) + _well_formed(rng, depth - 1)
    if form == 1:
        return rng.choice(["(", "( "]) + _well_formed(rng, depth - 1) + rng.choice([")", " )"])
    operator = rng.choice([" and ", " or ", " AND ", " Or "])
    return operator.join(_well_formed(rng, depth - 1) for _ in range(rng.randint(2, 4)))


# Built from a seed: one draw per example keeps thousands of examples cheap; a failing
# seed still reproduces exactly.
well_formed_rules = st.integers(0, 2**32).map(lambda seed: _well_formed(random.Random(seed), 4))


@given(token_rules())
@budget(1_500)
@example("role:a or (role:b and role:c) and role:d")
@example("(role:b and role:c) and role:d or role:a")
@example("not (role:a)and role:b")
def test_token_sequences(rule):
    assert_same(rule)


@given(seeded_token_rules)
@budget(6_000)
def test_token_sequences_from_seeds(rule):
    """The same token language, generated cheaply enough for thousands of examples."""
    assert_same(rule)


@given(well_formed_rules)
@budget(5_000)
def test_well_formed_rules(rule):
    """Rules that fit the grammar, so every tree-building path is compared, not only failures."""
    assert_same(rule)
    assert first_error([token.type for token in lex(rule)]) is None


@given(st.text(alphabet="()'\" \t:aonrdtR!@%s_x\u00a0", max_size=30))
@budget(4_000)
def test_character_soup(rule):
    assert_same(rule)


@given(st.text(max_size=40))
@budget(1_500)
def test_arbitrary_text(rule):
    assert_same(rule)


list_elements = st.one_of(
    st.sampled_from(CHECKS + ["", "not role:a", "role:a or role:b", " role:a", "(role:a)", "role:a b"]),
    st.integers(-2, 2), st.none(), st.booleans(),
    st.lists(st.sampled_from(["role:a", ""]), max_size=2),
)
inner_lists = st.one_of(
    st.sampled_from(CHECKS + ["", "not role:a"]),
    st.lists(list_elements, max_size=4),
    st.tuples(list_elements, list_elements),
    st.dictionaries(st.sampled_from(["role:a", "b", ""]), st.none(), max_size=2),
    st.integers(0, 1), st.none(), st.booleans(),
)
list_rules = st.one_of(
    st.lists(inner_lists, max_size=5),
    st.tuples(inner_lists),
    st.none(), st.booleans(), st.integers(-1, 3), st.just(1.5), st.just(b"ab:c"),
    st.dictionaries(st.sampled_from(["role:a", "x"]), st.just(1), max_size=2),
)


@given(list_rules)
@budget(2_500)
def test_list_syntax(rule):
    assert_same(rule)


# --- our table-driving loop against lark's own LALR parser -------------------------


class _GivenTokens(Lexer):
    def __init__(self, conf):
        pass

    def lex(self, data):
        for token in data:
            yield LarkToken(token.type, token.text)


LARK = Lark(grammar_text(), parser="lalr", lexer=_GivenTokens)


def lark_accepts(rule: str) -> bool:
    try:
        LARK.parse(lex(rule))
    except LarkError:
        return False
    return True


@given(st.one_of(seeded_token_rules, well_formed_rules))
@budget(2_000)
def test_lark_parser_agrees_on_acceptance(rule):
    """Our table (with unit reductions compiled out) accepts exactly what lark's parser accepts."""
    accepted = first_error([token.type for token in lex(rule)]) is None
    assert accepted == lark_accepts(rule)
    if rule and not accepted:
        assert parse_rule(rule) == FalseCheck()
