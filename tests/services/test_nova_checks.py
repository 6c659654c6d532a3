"""nova's ``is_admin:`` check and the credentials nova, cinder and heat derive.

nova does not install here, so its IsAdminCheck is rebuilt from ``nova/policy.py`` in
``tests/nova_oracle.py``, registered in oslo.policy only while deciding; the
vectors of nova's IsAdminCheckTestCase run against policykit directly.
"""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policykit import EvaluationError, Policy
from policykit import services
from nova_oracle import nova_registered
from oslo_outcome import in_memory_outcome

NOVA = services.get("nova")


def nova_decide(rules, name, target, creds):
    with nova_registered():
        return in_memory_outcome(rules, name, target, creds)


def policykit_decide(rules, name, target, creds):
    try:
        return Policy.from_dict(rules, checks=NOVA.checks).enforce(name, target, creds)
    except EvaluationError as exc:
        return f"raises:{exc.oslo_exception}"


@pytest.mark.parametrize("match, is_admin, expected", [
    ("True", True, True), ("True", False, False),  # test_call_true
    ("False", True, False), ("False", False, True),  # test_call_false
    ("nottrue", False, True), ("TRUE", True, True),  # test_init_false: anything but 'true' means False
])
def test_nova_unit_test_vectors(match, is_admin, expected):
    assert policykit_decide({"r": f"is_admin:{match}"}, "r", {}, {"is_admin": is_admin}) is expected


def test_is_admin_is_a_boolean_comparison_not_oslos_string_one():
    # oslo's generic check compares 'True' with str(creds['is_admin']): the string "True" passes there, not in nova
    assert Policy.from_dict({"r": "is_admin:True"}).enforce("r", {}, {"is_admin": "True"}) is True
    assert policykit_decide({"r": "is_admin:True"}, "r", {}, {"is_admin": "True"}) is False


def test_missing_is_admin_raises_key_error_and_is_false_under_a_reference():
    assert policykit_decide({"r": "is_admin:True"}, "r", {}, {}) == "raises:KeyError"
    assert policykit_decide({"r": "is_admin:True", "top": "rule:r"}, "top", {}, {}) is False


LEAVES = ["is_admin:True", "is_admin:False", "is_admin:true", "is_admin:yes", "role:admin", "is_admin:%(flag)s"]


@st.composite
def rule_texts(draw, depth=2):
    if depth == 0 or draw(st.booleans()):
        leaf = draw(st.sampled_from(LEAVES))
        return f"not {leaf}" if draw(st.booleans()) else leaf
    parts = draw(st.lists(rule_texts(depth - 1), min_size=2, max_size=3))
    return "(" + f" {draw(st.sampled_from(['and', 'or']))} ".join(parts) + ")"


@settings(max_examples=200, deadline=None)
@given(rule=rule_texts(), wrapped=st.booleans(),
       creds=st.fixed_dictionaries({"roles": st.sampled_from([[], ["admin"]])},
                                   optional={"is_admin": st.sampled_from([True, False, None, "True", 1, 0])}),
       target=st.dictionaries(st.just("flag"), st.sampled_from(["True", "false", "x"])))
def test_decisions_equal_oslo_with_novas_check_registered(rule, wrapped, creds, target):
    rules = {"leaf": rule, "top": "rule:leaf"}
    name = "top" if wrapped else "leaf"
    assert policykit_decide(rules, name, target, creds) == nova_decide(rules, name, target, creds)


@pytest.mark.parametrize("service, roles, expected", [
    ("nova", ["admin"], True), ("nova", ["member"], False),
    ("cinder", ["admin"], True), ("heat", ["admin"], True), ("heat", ["reader"], False),
])
def test_is_admin_is_derived_from_context_is_admin(service, roles, expected):
    profile = services.get(service)
    policy = Policy.from_dict({"context_is_admin": "role:admin"})
    creds = {"roles": roles, "project_id": "p1", "user_id": "u1"}
    derived = profile.derive_creds(creds, policy.enforce)
    assert derived["is_admin"] is expected
    if service == "heat":  # heat's to_policy_values adds the old names too
        assert derived["tenant"] == "p1" and derived["user"] == "u1"
