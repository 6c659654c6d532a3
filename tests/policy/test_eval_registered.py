"""Registered defaults: file rules win, deprecated names, scope types.

The expected tables are oslo.policy 6.0.1's verified outcomes;
each case is also run through a service-style oslo Enforcer (policy file on disk,
defaults registered, enforce by name) so the tables cannot drift from oslo.
"""

from __future__ import annotations

import pytest

from eval_oracle import oslo_registered_decide
from policykit import Policy, parse_rule
from policykit.policy.defaults import RegisteredDefault

RENAMED = RegisteredDefault(name="foo:create", check_str="role:new",
                            deprecated_name="foo:old_name", deprecated_check_str="role:old")
SAME_NAME = RegisteredDefault(name="foo:create", check_str="role:new",
                              deprecated_name="foo:create", deprecated_check_str="role:old")

DEPRECATION_TABLE = [
    # (registered, file content, expected str() with enforce_new_defaults True, with False)
    (RENAMED, {}, "role:new", "(role:new or role:old)"),
    (RENAMED, {"foo:old_name": "role:custom"}, "role:custom", "role:custom"),
    (RENAMED, {"foo:old_name": "role:old"}, "role:new", "(role:new or role:old)"),
    (RENAMED, {"foo:old_name": "rule:foo:create"}, "role:new", "(role:new or role:old)"),
    (RENAMED, {"foo:old_name": "role:custom", "foo:create": "role:explicit"}, "role:explicit", "role:explicit"),
    (SAME_NAME, {}, "role:new", "(role:new or role:old)"),
    (RegisteredDefault(name="foo:create", check_str="role:new", deprecated_name="foo:old_name",
                       deprecated_check_str="role:new"), {}, "role:new", "role:new"),
]


@pytest.mark.parametrize("registered, file_rules, with_new, with_old", DEPRECATION_TABLE)
def test_the_effective_rule_of_a_deprecated_default(registered, file_rules, with_new, with_old):
    for enforce_new, expected in ((True, with_new), (False, with_old)):
        policy = Policy.from_dict(file_rules, registered=[registered], enforce_new_defaults=enforce_new)
        assert str(policy.rules["foo:create"]) == expected
        for role in ("new", "old", "custom", "explicit"):
            creds = {"roles": [role]}
            assert policy.enforce("foo:create", {}, creds) == oslo_registered_decide(
                "foo:create", {}, creds, file_rules, [registered], enforce_new)


def test_the_deprecated_name_stays_only_when_the_file_has_it():
    assert "foo:old_name" not in Policy.from_dict({}, registered=[RENAMED])
    assert "foo:old_name" in Policy.from_dict({"foo:old_name": "role:x"}, registered=[RENAMED])


SCOPED = [
    RegisteredDefault(name="sys", check_str="role:admin", scope_types=("system",)),
    RegisteredDefault(name="proj", check_str="role:admin", scope_types=("project",)),
    RegisteredDefault(name="dom", check_str="role:admin", scope_types=("domain", "project")),
    RegisteredDefault(name="none", check_str="role:admin"),
]
SCOPE_MATRIX = [
    # creds (besides roles=[admin]) → sys, proj, dom, none
    ({"project_id": "p"}, (False, True, True, True)),
    ({"domain_id": "d"}, (False, False, True, True)),
    ({"system": "all"}, (True, False, False, True)),
    ({"system_scope": "all"}, (True, False, False, True)),
    ({}, (False, True, True, True)),
    ({"system_scope": "all", "project_id": "p"}, (True, False, False, True)),
    ({"domain_id": "d", "project_id": "p"}, (False, False, True, True)),
]


@pytest.mark.parametrize("scope_creds, expected", SCOPE_MATRIX)
def test_scope_types_are_checked_for_registered_names(scope_creds, expected):
    policy = Policy.from_dict({}, registered=SCOPED)
    for name, allowed in zip(("sys", "proj", "dom", "none"), expected):
        creds = {"roles": ["admin"], **scope_creds}
        assert policy.enforce(name, {}, creds) is allowed, name
        assert oslo_registered_decide(name, {}, dict(creds), {}, SCOPED, True) is allowed


def test_scope_still_applies_when_the_file_overrides_the_rule_but_not_through_references():
    policy = Policy.from_dict({"sys": "@", "via": "rule:sys"}, registered=SCOPED)
    project_creds = {"roles": [], "project_id": "p"}
    assert policy.enforce("sys", {}, project_creds) is False
    assert policy.enforce("via", {}, project_creds) is True
    assert policy.enforce(parse_rule("rule:sys"), {}, project_creds) is True


def test_explain_says_when_scope_denied_before_evaluation():
    explanation = Policy.from_dict({}, registered=SCOPED).explain("sys", {}, {"roles": ["admin"], "project_id": "p"})
    assert explanation.decision is False and explanation.scope_denied
    assert "project-scoped" in explanation.render() and "system" in explanation.render()
