"""Targets are built from the keys a rule substitutes; oslo.policy decides on them as a service would."""

from __future__ import annotations

import pytest

from analysis_oracle import fresh_dir, oslo_enforcer, oslo_outcome
from policykit import Policy
from policykit.analysis.targets import (
    DOMAIN, OTHER_DOMAIN, OTHER_PROJECT, OWN, PROJECT, RELATIONS, UNKNOWN, USER, build_target,
    describe_targets, key_meaning, substituted_keys, target_keys, unknown_keys,
)
from policykit.policy.credentials import policy_values

RULES = {
    "default": "role:admin or project_id:%(project_id)s",
    "owner": "user_id:%(target.user.id)s",
    "identity:get_user": "role:reader and domain_id:%(target.user.domain_id)s",
    "identity:via_missing": "rule:owner or rule:no_such_rule",
    "project_member_api": "role:member and project_id:%(project_id)s",
    "os_compute_api:servers:create": "rule:project_member_api",
    "create_port:fixed_ips": "role:member and project_id:%(network:project_id)s",
    "add_member": "role:member and project_id:%(member_id)s",
    "get_image": "role:reader and (project_id:%(owner)s or 'public':%(visibility)s)",
    "percent": "role:x and name:100%% of %(name)s",
}

PROJECT_MEMBER = policy_values(roles=["member", "reader"], user_id="u1", user_domain_id="d1",
                               project_id="p1", project_domain_id="d1")
DOMAIN_READER = policy_values(roles=["reader"], user_id="u2", user_domain_id="d1", domain_id="d1")
SYSTEM_READER = policy_values(roles=["reader"], user_id="u3", user_domain_id="default", system_scope="all")


@pytest.fixture(scope="module")
def policy():
    return Policy.from_dict(RULES)


@pytest.fixture(scope="module")
def enforcer():
    with fresh_dir() as tmp:
        enforcer = oslo_enforcer(tmp, RULES)
        enforcer.load_rules()
        yield enforcer


def test_keys_follow_references_and_the_default_rule(policy):
    keys = {k.name: k.meaning for k in target_keys(policy, "identity:via_missing")}
    # rule:owner gives the user key; rule:no_such_rule falls back to "default"
    assert keys == {"target.user.id": USER, "project_id": PROJECT}
    assert {k.name for k in target_keys(policy, "an:unregistered:name")} == {"project_id"}


@pytest.mark.parametrize("action, key, meaning", [
    ("identity:get_user", "target.user.domain_id", DOMAIN),
    ("create_port:fixed_ips", "network:project_id", PROJECT),
    ("add_member", "member_id", PROJECT),  # meaning from the credential it is compared with
    ("get_image", "owner", PROJECT),
    ("get_image", "visibility", UNKNOWN),
])
def test_each_key_gets_its_meaning(policy, action, key, meaning):
    assert {k.name: k.meaning for k in target_keys(policy, action)}[key] == meaning


def test_a_literal_percent_is_not_a_key():
    assert substituted_keys("100%% of %(name)s and %(a.b)d") == ["name", "a.b"]
    assert key_meaning("target.project.domain_id") == DOMAIN
    assert key_meaning("target.trust.trustor_user_id") == USER
    assert key_meaning("target.project.id") == PROJECT
    assert key_meaning("target.domain.id") == DOMAIN
    assert key_meaning("name") == UNKNOWN


def test_keys_without_meaning_are_left_out_and_named(policy):
    for relation in RELATIONS:
        assert "visibility" not in build_target(policy, "get_image", PROJECT_MEMBER, relation)
    assert unknown_keys(policy, "get_image") == ["visibility"]
    assert build_target(policy, "get_image", PROJECT_MEMBER, OWN, extra={"visibility": "public"})["visibility"] == "public"


def test_a_create_action_targets_the_callers_project(policy):
    assert build_target(policy, "os_compute_api:servers:create", PROJECT_MEMBER, OWN) == {"project_id": "p1"}
    assert build_target(policy, "os_compute_api:servers:create", PROJECT_MEMBER, OTHER_PROJECT) == {
        "project_id": "other-project"}


@pytest.mark.parametrize("action, creds, expected", [
    # (own, other project in the same domain, other domain)
    ("identity:get_user", DOMAIN_READER, (True, True, False)),
    ("identity:get_user", PROJECT_MEMBER, (False, False, False)),  # project tokens carry no domain_id
    ("os_compute_api:servers:create", PROJECT_MEMBER, (True, False, False)),
    ("create_port:fixed_ips", PROJECT_MEMBER, (True, False, False)),
    ("add_member", PROJECT_MEMBER, (True, False, False)),
    ("identity:via_missing", PROJECT_MEMBER, (True, False, False)),
    ("get_image", PROJECT_MEMBER, (True, False, False)),
    ("get_image", SYSTEM_READER, (False, False, False)),
])
def test_oslo_decides_the_three_targets_as_their_names_say(policy, enforcer, action, creds, expected):
    outcomes = tuple(oslo_outcome(enforcer, action, build_target(policy, action, creds, relation), creds)
                     for relation in RELATIONS)
    assert outcomes == expected
    assert tuple(policy.enforce(action, build_target(policy, action, creds, r), creds) for r in RELATIONS) == expected


def test_other_domain_differs_from_the_personas_own_domain(policy):
    creds = policy_values(roles=["reader"], user_id="u", domain_id="other-domain")
    own = build_target(policy, "identity:get_user", creds, OWN)
    other = build_target(policy, "identity:get_user", creds, OTHER_DOMAIN)
    assert own["target.user.domain_id"] != other["target.user.domain_id"]


def test_the_three_targets_are_described():
    described = describe_targets()
    assert [d["relation"] for d in described] == list(RELATIONS)
    assert all(d["description"] for d in described)
