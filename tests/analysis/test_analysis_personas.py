"""Standard personas carry what oslo.context gives for their token; persona classes never hide a difference."""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import given, settings, strategies as st
from oslo_context.context import RequestContext

from analysis_oracle import fresh_dir, oslo_enforcer, oslo_outcome
from analysis_support import persona_lists
from policykit import Policy
from policykit.analysis.personas import persona_classes, personas_for, select, standard_personas
from policykit.analysis.targets import RELATIONS, build_target
from policykit.deployment.personas import Persona
from policykit.errors import InputError
from policykit.policy.credentials import policy_values


def test_standard_personas_are_the_tokens_of_each_scope():
    personas = standard_personas()
    assert [p.name for p in personas] == [
        "system-admin", "system-member", "system-reader", "domain-admin", "domain-manager", "domain-member",
        "domain-reader", "project-admin", "project-manager", "project-member", "project-reader", "service",
        "project-no-role", "unscoped"]
    for persona in personas:
        creds = persona.creds
        context = RequestContext(user_id=creds["user_id"], user_domain_id=creds["user_domain_id"],
                                 system_scope=creds["system_scope"], domain_id=creds["domain_id"],
                                 project_id=creds["project_id"], project_domain_id=creds["project_domain_id"],
                                 roles=creds["roles"])
        assert creds == context.to_policy_values(), persona.name
    by_name = {p.name: p.creds for p in personas}
    assert by_name["project-admin"]["roles"] == ["admin", "manager", "member", "reader"]
    assert by_name["domain-reader"]["domain_id"] == "default" and by_name["domain-reader"]["project_id"] is None
    assert by_name["project-no-role"]["roles"] == []


def test_unknown_personas_and_sets_are_errors_with_a_suggestion():
    with pytest.raises(InputError, match="did you mean project-member"):
        select(standard_personas(), ["project-membr"])
    with pytest.raises(InputError, match="did you mean standard"):
        personas_for("standrd")


def _persona(name, **values):
    return Persona(name, name, policy_values(**values), name, "project")


MANY = [
    _persona("a1", roles=["member"], user_id="u1", user_domain_id="d", project_id="p1", project_domain_id="d"),
    _persona("a2", roles=["member"], user_id="u2", user_domain_id="d", project_id="p2", project_domain_id="d"),
    _persona("a3", roles=["member"], user_id="u3", user_domain_id="e", project_id="p3", project_domain_id="e"),
    _persona("cross", roles=["member"], user_id="u4", user_domain_id="e", project_id="p1", project_domain_id="d"),
    _persona("named", roles=["member"], user_id="u5", user_domain_id="d", project_id="special", project_domain_id="d"),
    _persona("reader", roles=["reader"], user_id="u6", user_domain_id="d", project_id="p1", project_domain_id="d"),
]
RULES = {"own": "role:member and project_id:%(project_id)s",
         "special": "project_id:special",
         "same-domain": "user_domain_id:%(target.project.domain_id)s",
         "read": "role:reader or role:member"}


def test_personas_no_rule_tells_apart_are_one_class():
    classes = persona_classes([Policy.from_dict(RULES)], MANY)
    assert [c.members for c in classes] == [["a1", "a2", "a3"], ["cross"], ["named"], ["reader"]]
    assert classes[0].count == 3 and classes[0].label == "a1 (+2)"


ID = st.sampled_from(["x", "y", "z", "special", "default", "other-project"])
ROLE_SETS = st.sampled_from([[], ["member"], ["reader"], ["member", "reader"], ["Admin"]])
personas = partial(persona_lists, ID, ROLE_SETS, 2, 8)


LEAVES = ["role:member", "role:admin", "project_id:%(project_id)s", "domain_id:%(target.domain.id)s",
          "user_id:%(target.user.id)s", "project_id:special", "user_domain_id:%(target.project.domain_id)s",
          "'default':%(target.domain.id)s", "user_domain_id:default", "project_domain_id:%(domain_id)s"]


@settings(max_examples=40, deadline=None)
@given(people=personas(), picks=st.lists(st.tuples(st.sampled_from(LEAVES), st.sampled_from(LEAVES),
                                                   st.sampled_from(["and", "or"])), min_size=1, max_size=4))
def test_every_member_of_a_class_gets_the_same_oslo_decisions(people, picks):
    rules = {f"action{i}": f"{a} {op} {b}" for i, (a, b, op) in enumerate(picks)}
    policy = Policy.from_dict(rules)
    with fresh_dir() as tmp:
        enforcer = oslo_enforcer(tmp, rules)
        for group in persona_classes([policy], people):
            members = [p for p in people if p.name in group.members]
            for action in rules:
                for relation in RELATIONS:
                    outcomes = {oslo_outcome(enforcer, action, build_target(policy, action, p.creds, relation),
                                             p.creds) for p in members}
                    assert len(outcomes) == 1, (action, relation, group.members)
