"""The rule parser: oslo's trees and str() for every vector, spans, errors, deep rules."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from oslo_policy import _parser as oslo_parser

from policykit.errors import PolicykitError
from policykit.policy.ast import (
    AndCheck, FalseCheck, GenericCheck, HttpCheck, HttpsCheck, NotCheck, OrCheck, RoleCheck, RuleCheck, Span,
    TrueCheck,
)
from policykit.policy.diagnostics import parse_rule_with_diagnostics
from policykit.policy.parser import RuleNestingError, RuleTypeError, grammar_text, parse_rule

VECTORS = json.loads((Path(__file__).parent / "data" / "oslo-vectors.json").read_text())
PARSE_VECTORS = [vector for vector in VECTORS if vector["kind"] == "parse"]


@pytest.fixture(autouse=True, scope="module")
def quiet_oslo():
    """oslo logs a traceback for every rule it cannot parse; the tests make thousands."""
    logger = logging.getLogger("oslo_policy")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(previous)


def shape(check):
    """Class names, nesting, kinds and matches: enough to tell two trees apart."""
    name = type(check).__name__
    if hasattr(check, "rules"):
        return (name, [shape(rule) for rule in check.rules])
    if name == "NotCheck":
        return (name, shape(check.rule))
    if hasattr(check, "kind"):
        return (name, check.kind, check.match)
    return (name,)


@pytest.mark.parametrize("vector", PARSE_VECTORS, ids=lambda vector: repr(vector["rule"])[:60])
def test_parse_vector(vector):
    check = parse_rule(vector["rule"])
    assert str(check) == vector["parsed_str"]
    assert type(check).__name__ == vector["parsed_type"]
    assert shape(check) == shape(oslo_parser.parse_rule(vector["rule"]))


def test_there_are_parse_vectors():
    assert len(PARSE_VECTORS) >= 80


@pytest.mark.parametrize("rule, expected", [
    ("role:a or (role:b and role:c) and role:d", "(role:a or (role:b and role:c and role:d))"),
    ("(role:b and role:c) and role:d", "((role:b and role:c) and role:d)"),
    ("(role:b and role:c) and role:d or role:a", "(((role:b and role:c) and role:d) or role:a)"),
    ("role:a or not (role:b and role:c) and role:d", "(role:a or (not (role:b and role:c) and role:d))"),
    ("role:a or (role:b and role:c) and role:d and role:e or role:f",
     "(role:a or (role:b and role:c and role:d and role:e) or role:f)"),
    ("role:a or (role:b or role:c) and role:d", "(role:a or ((role:b or role:c) and role:d))"),
])
def test_and_merge_quirk(rule, expected):
    assert str(parse_rule(rule)) == expected
    assert str(oslo_parser.parse_rule(rule)) == expected


def test_leaf_classes_follow_the_kind_case_sensitively():
    check = parse_rule("rule:os:get or role:admin or http:x or https:y or ROLE:z or :w")
    assert [type(rule) for rule in check.rules] == [RuleCheck, RoleCheck, HttpCheck, HttpsCheck, GenericCheck,
                                                    GenericCheck]
    assert (check.rules[0].kind, check.rules[0].match) == ("rule", "os:get")


def test_a_rule_that_does_not_parse_is_one_false_check_over_the_whole_text():
    check = parse_rule("role:a or role:b)")
    assert check == FalseCheck()
    assert check.span == Span(0, len("role:a or role:b)"))


def test_empty_rule_allows_and_whitespace_denies():
    assert parse_rule("") == TrueCheck()
    assert parse_rule(" \t\u3000") == FalseCheck()


def test_unicode_whitespace_separates_chunks():
    assert str(parse_rule("role:a\u00a0or\u3000role:b")) == "(role:a or role:b)"


def test_spans_point_at_the_text_each_node_was_built_from():
    rule = "role:admin or (not role:member and project_id:%(project_id)s)"
    check = parse_rule(rule)
    assert check.span == Span(0, len(rule))
    group = check.rules[1]
    assert isinstance(group, AndCheck)
    assert rule[slice(*group.span)] == "not role:member and project_id:%(project_id)s"
    negation = group.rules[0]
    assert isinstance(negation, NotCheck) and rule[slice(*negation.span)] == "not role:member"
    for leaf in (check.rules[0], negation.rule, group.rules[1]):
        assert rule[leaf.span.start:leaf.span.end] == str(leaf)


def test_spans_survive_the_and_merge():
    rule = "role:a or (role:b and role:c) and role:d"
    merged = parse_rule(rule).rules[1]
    assert rule[slice(*merged.span)] == "(role:b and role:c) and role:d"


def test_equality_is_structural_and_ignores_spans():
    assert parse_rule("role:a and role:b") == AndCheck([RoleCheck("role", "a"), RoleCheck("role", "b")])
    assert parse_rule("(role:a)") == parse_rule("role:a")
    assert parse_rule("role:a") != parse_rule("role:b")
    assert AndCheck([TrueCheck()]) != OrCheck([TrueCheck()])
    assert hash(parse_rule("  role:a  ")) == hash(RoleCheck("role", "a"))


def test_children_and_walk():
    check = parse_rule("role:a or not (rule:b and @)")
    assert [str(node) for node in check.walk()] == [
        "(role:a or not (rule:b and @))", "role:a", "not (rule:b and @)", "(rule:b and @)", "rule:b", "@",
    ]
    assert parse_rule("role:a").children() == ()


def test_list_syntax():
    assert str(parse_rule([["role:a", "role:b"], ["role:c"]])) == "((role:a and role:b) or role:c)"
    assert parse_rule([]) == TrueCheck()
    assert parse_rule([[]]) == FalseCheck()
    assert parse_rule(None) == TrueCheck()
    assert str(parse_rule([["not role:a"]])) == "not role:a"
    assert type(parse_rule([["not role:a"]])) is GenericCheck


@pytest.mark.parametrize("value", [True, 5, 1.5, [5], [True]])
def test_scalars_raise_type_error_like_oslo(value):
    with pytest.raises(TypeError):
        oslo_parser.parse_rule(value)
    with pytest.raises(RuleTypeError) as raised:
        parse_rule(value)
    assert isinstance(raised.value, PolicykitError)
    assert "TypeError" in str(raised.value)


def test_deep_parenthesised_negation_parses_without_recursion():
    depth = 3000
    rule = "not (" * depth + "role:a" + ")" * depth
    assert type(oslo_parser.parse_rule(rule)).__name__ == "NotCheck"
    check = parse_rule(rule)
    assert str(check) == "not " * depth + "role:a"
    assert check == parse_rule(rule)
    assert sum(1 for _ in check.walk()) == depth + 1
    assert repr(check).startswith("NotCheck(NotCheck(")


def test_repr_shows_the_classes():
    assert repr(parse_rule("role:a or not (b:c and @) or !")) == (
        "OrCheck([RoleCheck('role', 'a'), NotCheck(AndCheck([GenericCheck('b', 'c'), TrueCheck()])), FalseCheck()])"
    )


def test_a_chain_of_not_oslo_handles_is_handled():
    rule = "not " * 300 + "role:a"
    assert str(parse_rule(rule)) == str(oslo_parser.parse_rule(rule))


def test_a_chain_of_not_oslo_cannot_parse_raises_a_clear_error():
    rule = "not " * 3000 + "role:a"
    with pytest.raises(RecursionError):
        oslo_parser.parse_rule(rule)
    with pytest.raises(RuleNestingError, match="chained 'not'"):
        parse_rule(rule)
    # A chain that never completes is a plain syntax error, for oslo as well.
    assert parse_rule("not " * 3000) == FalseCheck() == parse_rule("not " * 3000 + "role:a b")


def test_diagnostics_never_change_the_tree():
    for vector in PARSE_VECTORS:
        assert parse_rule_with_diagnostics(vector["rule"]).check == parse_rule(vector["rule"])


def test_plain_parsing_does_not_load_the_diagnostics():
    code = ("import sys; from policykit.policy.parser import parse_rule; parse_rule('role:a b or ('); "
            "parse_rule([['x y']]); print('policykit.policy.diagnostics' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_grammar_comes_from_the_grammar_file():
    source = Path(__file__).resolve().parents[2] / "grammars" / "policy.lark"
    assert grammar_text() == source.read_text(encoding="utf-8")


def test_the_compiled_table_is_cached_between_runs(tmp_path):
    code = ("import sys; from policykit.policy.parser import parse_rule; "
            "print(str(parse_rule('role:a or (role:b and c:%(d)s) and rule:x')), 'lark' in sys.modules)")
    environment = {**os.environ, "POLICYKIT_CACHE_DIR": str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment)
    assert first.stdout.split() == ["(role:a", "or", "(role:b", "and", "c:%(d)s", "and", "rule:x))", "True"]
    assert len(list(tmp_path.glob("policy-grammar-*.json"))) == 1
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment)
    assert second.stdout.split()[:-1] == first.stdout.split()[:-1]
    assert second.stdout.split()[-1] == "False"  # lark is not even imported


def test_a_damaged_cache_is_rebuilt(tmp_path):
    from policykit.policy import grammar

    table = grammar._build_table(grammar_text())
    cache = tmp_path / "table.json"
    grammar._write_cached(cache, table)
    assert grammar._read_cached(cache) == table
    cache.write_text('{"start": 0, "actions": [{"CHECK": "x"}], "gotos": []}')
    assert grammar._read_cached(cache) is None
    cache.write_text("not json")
    assert grammar._read_cached(cache) is None
