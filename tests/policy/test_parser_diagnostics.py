"""Parser diagnostics: what oslo will do with a rule, said where it happens."""

from __future__ import annotations

import logging
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oslo_policy import _parser as oslo_parser

from policykit.policy.ast import FalseCheck
from policykit.policy.diagnostics import DENY_ALL_KINDS, RuleDiagnostic, diagnose
from policykit.policy.lexer import lex
from policykit.policy.diagnostics import parse_rule_with_diagnostics
from policykit.policy.parser import first_error, parse_rule

IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(autouse=True, scope="module")
def quiet_oslo():
    logger = logging.getLogger("oslo_policy")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(previous)


def only(rule) -> RuleDiagnostic:
    diagnostics = parse_rule_with_diagnostics(rule).diagnostics
    assert len(diagnostics) == 1, diagnostics
    return diagnostics[0]


@pytest.mark.parametrize("rule, kind, pointed_at", [
    ("(role:a or role:b", "unbalanced-open-paren", "("),
    ("role:a or role:b)", "unbalanced-close-paren", ")"),
    ("role:%(x)s)", "unbalanced-close-paren", ")"),
    ("project_id:%(project_id)", "incomplete-substitution", "project_id:%(project_id)"),
    ("role:a or (project_id:%(project_id))", "incomplete-substitution", "project_id:%(project_id))"),
    ("role:a or", "dangling-operator", "or"),
    ("and role:a", "dangling-operator", "and"),
    ("role:a and or role:b", "dangling-operator", "and"),
    ("role:a and not", "dangling-operator", "not"),
    ("(not)", "dangling-operator", "not"),
    ("role:a and ()", "empty-group", "()"),
    ("role:admin role:member", "missing-operator", "role:admin role:member"),
    ("role:a b", "missing-operator", "role:a b"),
    ('"role:admin"', "quoted-chunk", '"role:admin"'),
    ("role:a or 'role:b'", "quoted-chunk", "'role:b'"),
    ("not(role:a)", "operator-glued-to-paren", "not(role:a"),
    ("role:a and(role:b)", "operator-glued-to-paren", "and(role:b"),
    (" \t ", "whitespace-only", " \t "),
])
def test_rules_oslo_cannot_parse(rule, kind, pointed_at):
    if kind == "incomplete-substitution":  # the message says what is wrong, not only which ')' is extra
        assert "incomplete substitution" in only(rule).message and "%(name)s" in only(rule).message
    assert str(oslo_parser.parse_rule(rule)) == "!"  # oslo denies everyone
    diagnostic = only(rule)
    assert diagnostic.kind == kind
    assert diagnostic.deny_all
    assert rule[diagnostic.start:diagnostic.end] == pointed_at
    assert "deny everyone" in diagnostic.message


@pytest.mark.parametrize("rule, fixed", [
    ('"role:admin"', "role:admin"),
    ("role:a or 'role:b'", "role:a or role:b"),
    ("not(role:a)", "not (role:a)"),
    ("role:a and(role:b)", "role:a and (role:b)"),
    ("rol:admin or role:x", "role:admin or role:x"),
    ("ROLE:admin", "role:admin"),
    ("project_id:%(project_id)", "project_id:%(project_id)s"),
    ("role:a or (project_id:%(project_id))", "role:a or (project_id:%(project_id)s)"),
])
def test_replacements_fix_the_rule(rule, fixed):
    assert str(oslo_parser.parse_rule(fixed)) != "!"  # oslo understands the fixed rule
    diagnostic = only(rule)
    assert rule[:diagnostic.start] + diagnostic.replacement + rule[diagnostic.end:] == fixed
    assert not isinstance(parse_rule(fixed), FalseCheck)
    assert only(rule).suggestion is not None


@pytest.mark.parametrize("rule, kind, pointed_at, suggestion", [
    ("foo", "missing-colon", "foo", "role:foo"),
    ("role:a or admin", "missing-colon", "admin", "role:admin"),
    ("not foo", "missing-colon-negated", "foo", "role:foo"),
    ("role:a and not (admin or role:b)", "missing-colon-negated", "admin", "role:admin"),
    ("rol:admin", "misspelt-kind", "rol", "role:admin"),
    ("ROLE:admin", "misspelt-kind", "ROLE", "role:admin"),
    ("Role:admin", "misspelt-kind", "Role", "role:admin"),
    ("rul:admin_api", "misspelt-kind", "rul", "rule:admin_api"),
    ("htps://x", "misspelt-kind", "htps", "https://x"),
    ("(role:(a)", "paren-inside-check", "role:(a", None),
])
def test_leaf_diagnostics(rule, kind, pointed_at, suggestion):
    diagnostic = only(rule)
    assert diagnostic.kind == kind
    assert not diagnostic.deny_all
    assert rule[diagnostic.start:diagnostic.end] == pointed_at
    if suggestion is not None:
        assert diagnostic.suggestion == suggestion


def test_a_negated_colonless_leaf_is_said_to_allow():
    diagnostic = only("not foo")
    assert "true for everyone" in diagnostic.message


@pytest.mark.parametrize("rule, exception", [
    ("01:x", "SyntaxError"), (":x", "SyntaxError"), ("not:foo", "SyntaxError"), ("class:x", "SyntaxError"),
    ("a..b:x", "SyntaxError"), ("1abc:x", "SyntaxError"),
])
def test_literal_kinds_that_raise_name_the_exception(rule, exception):
    diagnostic = only(rule)
    assert diagnostic.kind == "literal-kind-raises"
    assert exception in diagnostic.message
    assert rule[diagnostic.start:diagnostic.end] == rule.split(":")[0]


def test_literal_kinds_that_work_are_pointed_out():
    diagnostic = only("True:%(enabled)s")
    assert diagnostic.kind == "literal-kind" and "never looks at the credentials" in diagnostic.message


@pytest.mark.parametrize("rule", [
    "role:admin", "rule:admin_or_owner", "project_id:%(project_id)s", "roles:admin", "user.id:%(user_id)s",
    "role:admin or (role:member and project_id:%(project_id)s)", "@", "!", "", "(!)", "not rule:x",
    "is_admin:True", "http://example.com/%(x)s", "system_scope:all", "role:%(role)s",
])
def test_good_rules_have_no_diagnostics(rule):
    assert parse_rule_with_diagnostics(rule).diagnostics == []


@pytest.mark.parametrize("rule, kind, path", [
    ([], "empty-list-allows-all", None),
    ({}, "empty-list-allows-all", None),
    (None, "null-allows-all", None),
    (False, "falsy-value-allows-all", None),
    (0, "falsy-value-allows-all", None),
    ([[]], "list-no-alternatives", ()),
    ([["not role:a"]], "list-element-not-interpreted", (0, 0)),
    ([["role:a", "role:b or role:c"]], "list-element-not-interpreted", (0, 1)),
    (["(role:a)"], "list-element-not-interpreted", (0,)),
    ([["", "role:a"]], "list-empty-string", (0, 0)),
    ([[["role:a"]]], "list-non-string-element", (0, 0)),
    ([["role:a", 5]], "list-non-string-element", (0, 1)),
])
def test_list_syntax_diagnostics(rule, kind, path):
    diagnostic = only(rule)
    assert (diagnostic.kind, diagnostic.path) == (kind, path)
    assert diagnostic.start is None


def test_well_formed_lists_have_no_diagnostics():
    assert diagnose([["role:a", "project_id:%(project_id)s"], "rule:admin"]) == []


SOUP = st.text(alphabet="()'\" :aonrdtRl!@%s_x\t", max_size=30)
WORDS = st.lists(st.sampled_from(["role:a", "(", ")", "and", "or", "not", "foo", '"x"', "not(role:a)", "rol:x",
                                  "01:x", "(role:b", "role:c)", "@", "!"]), max_size=8).map(" ".join)


@given(st.one_of(SOUP, WORDS))
@settings(max_examples=1_000 if IN_CI else 100)
def test_deny_all_diagnostic_exactly_when_the_whole_rule_fails(rule):
    result = parse_rule_with_diagnostics(rule)
    whole_rule_fails = rule != "" and first_error([token.type for token in lex(rule)]) is not None
    deny_all = [diagnostic for diagnostic in result.diagnostics if diagnostic.kind in DENY_ALL_KINDS]
    assert bool(deny_all) == whole_rule_fails
    assert len(deny_all) <= 1
    for diagnostic in result.diagnostics:
        assert 0 <= diagnostic.start <= diagnostic.end <= len(rule)
