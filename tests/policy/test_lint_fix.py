"""The legacy-list-syntax fix (PL601) and `fmt` never change a decision.

The oracle is oslo.policy itself: the file before and after is loaded into an oslo
Enforcer and every rule is evaluated for a grid of credentials and targets.
"""

from __future__ import annotations

import itertools
import json
import logging

import yaml
from hypothesis import given, settings, strategies as st
from oslo_config import cfg
from oslo_policy import _parser, policy as oslo_policy

from policykit.cli import main
from policykit.policy.format import list_rule_to_string

logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)

ROLES = ["admin", "member", "reader", "a", "b"]
CREDS = [
    {"roles": list(roles), "project_id": project, "user_id": "u1", "not role": "a", "x": "1"}
    for roles in itertools.chain.from_iterable(itertools.combinations(ROLES, n) for n in range(3))
    for project in ("p1", "p2", None)
]
TARGETS = [{"project_id": "p1", "user_id": "u1"}, {"project_id": "p2"}, {}]


def decisions(rules: dict, creds_grid=CREDS, names=None) -> dict:
    """Every rule's oslo.policy decision (or the exception it raises) over the grid."""
    enforcer = oslo_policy.Enforcer(cfg.ConfigOpts(), use_conf=False)
    enforcer.set_rules(oslo_policy.Rules.from_dict(rules, "default"), use_conf=False)
    result = {}
    for name in (rules if names is None else names):
        for i, creds in enumerate(creds_grid):
            for j, target in enumerate(TARGETS):
                try:
                    outcome = bool(enforcer.enforce(name, dict(target), dict(creds)))
                except Exception as exc:  # noqa: BLE001 - compared, not hidden
                    outcome = type(exc).__name__
                result[name, i, j] = outcome
    return result


def own_decisions(rules: dict, creds_grid=CREDS) -> dict:
    """The same grid through policykit's own evaluator (EvaluationError names oslo's exception)."""
    from policykit import EvaluationError, Policy

    policy = Policy.from_dict(rules)
    result = {}
    for name in rules:
        for i, creds in enumerate(creds_grid):
            for j, target in enumerate(TARGETS):
                try:
                    outcome = bool(policy.enforce(name, dict(target), dict(creds)))
                except EvaluationError as exc:
                    outcome = exc.oslo_exception
                result[name, i, j] = outcome
    return result


ELEMENTS = st.sampled_from([
    "role:admin", "role:member", "role:a", "project_id:%(project_id)s", "user_id:%(user_id)s", "x:1",
    "@", "!", "nocolon", "", "not role:a", "role:a or role:b", "(role:a)", "role:a)", "and", "NOT",
    "'role:a'", " role:a", "role:a b",
])
INNER = st.one_of(ELEMENTS, st.lists(ELEMENTS, max_size=3))
LIST_RULES = st.lists(INNER, max_size=4)


@settings(max_examples=60, deadline=None)
@given(LIST_RULES)
def test_conversion_is_exact_or_refused(value):
    text = list_rule_to_string(value)
    if text is None:
        return
    assert decisions({"r": value}) == decisions({"r": text})
    assert str(_parser.parse_rule(value)) == str(_parser.parse_rule(text))


def test_elements_the_text_syntax_would_read_differently_are_never_converted():
    for element in ["not role:a", "role:a or role:b", "(role:a)", "role:a)", "and", "", "'role:a'", "role:a b"]:
        assert list_rule_to_string([[element]]) is None, element
        assert list_rule_to_string([["role:x", element]]) is None, element


def test_fix_through_the_cli_keeps_every_decision(tmp_path, capsys):
    text = (
        '"default": [["rule:admin_or_owner"]]\n'
        '"admin_or_owner": [["role:admin"], ["project_id:%(project_id)s"]]\n'
        '"both":\n'
        '  - - role:member\n'
        '    - project_id:%(project_id)s\n'
        '  - role:admin   # trailing comment stays\n'
        '"odd": [["not role:a"]]\n'
        '"empty": []\n'
        '"none": [[]]\n'
        '"plain": "role:reader"\n'
    )
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    before = decisions(yaml.safe_load(text))
    main(["lint", "--isolated", "--select", "PL601", "--fix", str(path)])
    fixed = path.read_text()
    capsys.readouterr()
    assert '"admin_or_owner": "role:admin or project_id:%(project_id)s"' in fixed
    assert "# trailing comment stays" in fixed
    assert '"odd": [["not role:a"]]' in fixed
    assert decisions(yaml.safe_load(fixed)) == before


def test_fix_in_json_keeps_every_decision(tmp_path, capsys):
    rules = {"default": [["role:admin"]], "r1": [["role:a", "role:b"], ["x:1"]], "r2": ["role:a", ["role:b"]]}
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(rules, indent=4))
    main(["lint", "--isolated", "--select", "PL601", "--fix", str(path)])
    capsys.readouterr()
    fixed = json.loads(path.read_text())
    assert fixed["r1"] == "role:a and role:b or x:1"
    assert decisions(fixed) == decisions(rules)
