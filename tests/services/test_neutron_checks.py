"""neutron's ``field:`` and owner checks decide as neutron's own classes do.

Two sources of truth: the vectors of neutron's unit tests (``neutron/tests/unit/
test_policy.py``: CustomRulesTestCase, NeutronPolicyTestCase), which run everywhere, and
neutron's FieldCheck/OwnerCheck themselves registered in oslo.policy's Enforcer
(``neutron_oracle``), where neutron is installed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykit import EvaluationError, Policy
from policykit import services
from neutron_oracle import database_value, needs_neutron, neutron_decide

NEUTRON = services.get("neutron")

# The rules of neutron's NeutronPolicyTestCase that exercise its own checks.
UNIT_TEST_RULES = {
    "context_is_admin": "role:admin",
    "admin_or_network_owner": "rule:context_is_admin or project_id:%(network:project_id)s",
    "admin_or_owner": "rule:context_is_admin or project_id:%(project_id)s",
    "admin_only": "rule:context_is_admin",
    "shared": "field:networks:shared=True",
    "external": "field:networks:router:external=True",
    "network_device": "field:port:device_owner=~^network:",
    "default": "rule:admin_or_owner",
    "get_network": "rule:admin_or_owner or rule:shared or rule:external",
    "create_network": "rule:admin_or_owner",
    "create_port:mac": "rule:admin_or_network_owner",
    "create_port:device_owner": "not rule:network_device",
}
FAKE = {"user_id": "fake", "project_id": "fake", "roles": ["user"]}


def decide(rules, name, target, creds):
    policy = Policy.from_dict(rules, checks=NEUTRON.checks)
    return policy.enforce(name, target, creds)


def test_regular_user_reads_a_shared_network_of_someone_else():
    # test_enforce_regularuser_on_read
    assert decide(UNIT_TEST_RULES, "get_network", {"shared": True, "project_id": "somebody_else"}, FAKE) is True


def test_a_private_network_of_someone_else_stays_hidden():
    # test_nonadmin_read_on_private_fails
    assert decide(UNIT_TEST_RULES, "get_network", {"shared": False, "project_id": "somebody_else"}, FAKE) is False


def test_owner_check_on_the_resource_itself():
    # test_enforce_project_id_check
    assert decide(UNIT_TEST_RULES, "create_network", {"project_id": "fake"}, FAKE) is True


@pytest.mark.parametrize("field", ["network:project_id", "network_project_id"])
def test_parent_owner_given_in_the_target_decides(field):
    # test_enforce_project_id_check_parent_resource(_bw_compatibility): the network is "fake"'s
    rules = {**UNIT_TEST_RULES, "admin_or_network_owner": f"role:admin or project_id:%({field})s"}
    assert decide(rules, "create_port:mac", {"network_id": "whatever", field: "fake"}, FAKE) is True
    assert decide(rules, "create_port:mac", {"network_id": "whatever", field: "other"}, FAKE) is False


@pytest.mark.parametrize("field", ["network:project_id", "network_project_id", "ext_parent:project_id"])
def test_parent_owner_in_the_database_is_an_error_naming_the_key(field):
    rules = {"check": f"project_id:%({field})s"}
    target = {"network_id": "whatever", "ext_parent_router_id": "r1"}
    with pytest.raises(EvaluationError) as raised:
        decide(rules, "check", target, FAKE)
    assert f"put {field!r} in the target" in str(raised.value)
    assert raised.value.target_key == field


@pytest.mark.parametrize("rule", ["project_id:%(malformed_field)s", "project_id:%(foobaz_project_id)s"])
def test_no_parent_resource_raises_policy_check_error(rule):
    # test_enforce_project_id_check_malformed_target_field_raises / _invalid_parent_resource_raises
    with pytest.raises(EvaluationError) as raised:
        decide({"admin_or_owner": rule, "create_network": "rule:admin_or_owner"}, "admin_or_owner",
               {"project_id": "fake"}, FAKE)
    assert raised.value.oslo_exception == "PolicyCheckError"


def test_owner_check_needs_a_whole_field_match():
    # test_project_id_check_no_target_field_raises (there written "project_id:(wrong_stuff)",
    # whose stray ")" policykit's parser rejects before any check is built): neutron refuses the rule
    with pytest.raises(EvaluationError) as raised:
        decide({"test_policy": "project_id:wrong_stuff"}, "test_policy", {}, FAKE)
    assert raised.value.oslo_exception == "PolicyInitError"


def test_device_owner_regex():
    # test_create_port_device_owner_regex
    rules = UNIT_TEST_RULES
    assert decide(rules, "create_port:device_owner", {"device_owner": "network:router_gateway"}, FAKE) is False
    assert decide(rules, "create_port:device_owner", {"device_owner": "compute:nova"}, FAKE) is True


def test_shared_of_a_parent_network_needs_the_database():
    with pytest.raises(EvaluationError) as raised:
        decide({"shared": "field:networks:shared=True"}, "shared", {"network_id": "n1"}, FAKE)
    assert raised.value.target_key == "shared"
    assert decide({"shared": "field:networks:shared=True"}, "shared", {}, FAKE) is False


def test_generic_check_without_the_profile_stays_oslo():
    # Without neutron's checks the field check is a creds lookup: creds have no 'field'.
    policy = Policy.from_dict({"shared": "field:networks:shared=True"})
    assert policy.enforce("shared", {"shared": True}, FAKE) is False


def test_explain_says_what_neutron_compared():
    policy = Policy.from_dict(UNIT_TEST_RULES, checks=NEUTRON.checks)
    text = policy.explain("get_network", {"shared": True, "project_id": "x"}, FAKE).render()
    assert "neutron field check" in text and "creds have no" not in text


# --- against neutron's own classes ------------------------------------------------------------------------------

LEAVES = [
    "field:networks:shared=True", "field:networks:shared=False", "field:port:device_owner=~^network:",
    "field:networks:router:external=True", "field:subnets:router:external=True", "field:rbac_policy:target_project=*",
    "field:security_group_rules:belongs_to_default_sg=True", "field:firewalls:shared=True",
    "project_id:%(project_id)s", "tenant_id:%(tenant_id)s", "project_id:%(network:project_id)s",
    "tenant_id:%(network:tenant_id)s", "project_id:%(ext_parent:project_id)s",
    "project_id:%(security_group:project_id)s", "project_id:%(network_project_id)s", "project_id:%(owner)s",
    "role:admin", "project_id:p1",
]
VALUES = st.sampled_from([True, False, None, "True", "true", "p1", "p2", "network:dhcp", "compute:nova", "*", 1, 0])
IDS = st.sampled_from(["n-p1", "s-p2", "x-p3"])
TARGET_KEYS = ["shared", "router:external", "device_owner", "project_id", "tenant_id", "network:project_id",
               "target_project", "belongs_to_default_sg", "owner"]


@st.composite
def rule_texts(draw, depth=2):
    if depth == 0 or draw(st.booleans()):
        leaf = draw(st.sampled_from(LEAVES))
        return f"not {leaf}" if draw(st.integers(0, 5)) == 0 else leaf
    parts = draw(st.lists(rule_texts(depth - 1), min_size=2, max_size=3))
    return "(" + f" {draw(st.sampled_from(['and', 'or']))} ".join(parts) + ")"


@st.composite
def targets(draw):
    target = draw(st.dictionaries(st.sampled_from(TARGET_KEYS), VALUES, max_size=5))
    for key in ("network_id", "security_group_id", "ext_parent_router_id"):
        if draw(st.booleans()):
            target[key] = draw(IDS)
    return target


CREDS = st.fixed_dictionaries({"project_id": st.sampled_from(["p1", "p2", None]), "roles": st.sampled_from([[], ["admin"]])},
                              optional={"tenant_id": st.sampled_from(["p1", "p2"])})


def policykit_outcome(rules, name, target, creds):
    """Our decision; where the database is needed, fill the key we name from the same fake database."""
    target = dict(target)
    for _ in range(6):
        try:
            return decide(rules, name, target, creds)
        except EvaluationError as exc:
            key = getattr(exc, "target_key", None)
            if key is None:
                return f"raises:{exc.oslo_exception}"
            target[key] = database_value(key, target)
    raise AssertionError("asked for target keys without end")


@needs_neutron
@settings(max_examples=300, deadline=None)
@given(rule=rule_texts(), wrapped=st.booleans(), target=targets(), creds=CREDS)
def test_decisions_equal_neutrons_own_checks(rule, wrapped, target, creds):
    rules = {"leaf": rule, "top": "rule:leaf"}
    name = "top" if wrapped else "leaf"
    assert policykit_outcome(rules, name, target, creds) == neutron_decide(rules, name, target, creds)


@needs_neutron
@pytest.mark.parametrize("name, target", [
    ("get_network", {"shared": True, "project_id": "somebody_else"}),
    ("get_network", {"shared": False, "project_id": "somebody_else"}),
    ("create_network", {"project_id": "fake"}),
    ("create_port:mac", {"network_id": "whatever-fake"}),
    ("create_port:mac", {"network_id": "whatever-other"}),
    ("create_port:device_owner", {"device_owner": "network:dhcp"}),
])
def test_unit_test_vectors_agree_with_neutron(name, target):
    assert policykit_outcome(UNIT_TEST_RULES, name, target, FAKE) == neutron_decide(UNIT_TEST_RULES, name, target, FAKE)


@pytest.mark.parametrize("bad, raised", [
    ("field:networks", "ValueError"), ("project_id:admin", "PolicyInitError"),
    ("field:networks:shared=maybe", "InvalidInput"),
])
def test_a_rule_neutron_refuses_fails_every_decision(bad, raised):
    rules = {"bad": bad, "fine": "role:x"}
    with pytest.raises(EvaluationError) as error:
        decide(rules, "fine", {}, {"roles": ["x"]})
    assert error.value.oslo_exception == raised
    explanation = Policy.from_dict(rules, checks=NEUTRON.checks).explain("fine", {}, {"roles": ["x"]})
    assert explanation.decision is None and explanation.error.oslo_exception == raised


@needs_neutron
@pytest.mark.parametrize("bad", ["field:networks", "project_id:admin", "field:networks:shared=maybe",
                                 "(field:networks:shared=True", "field:port:device_owner=~(", "tenant_id:%(x)s"])
def test_refused_rules_agree_with_neutron(bad):
    rules = {"bad": bad, "fine": "role:x"}
    creds = {"roles": ["x"], "project_id": "p1"}
    assert policykit_outcome(rules, "fine", {}, creds) == neutron_decide(rules, "fine", {}, creds)


def test_lint_reports_a_rule_neutron_refuses(tmp_path, monkeypatch, capsys):
    import json

    from policykit.cli import main

    (tmp_path / "neutron-policy.yaml").write_text('"get_network": "role:admin or project_id:admin"\n')
    monkeypatch.chdir(tmp_path)
    main(["lint", "--isolated", "--format", "json", "--select", "PL303", "neutron-policy.yaml"])
    found = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["severity"], f["column"]) for f in found] == [("PL303", "error", 31)]
