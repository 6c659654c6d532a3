"""Every matrix cell is what oslo.policy's Enforcer decides for every persona behind the column."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from analysis_oracle import fresh_dir, oslo_enforcer, oslo_outcome
from analysis_support import persona_lists
from policykit.analysis.inputs import load_inputs
from policykit.analysis.matrix import compute_matrix, resource_of
from policykit.analysis.personas import standard_personas
from policykit.analysis.state import load_state
from policykit.analysis.targets import RELATIONS, build_target
from policykit.deployment import load_deployment
from policykit.deployment.personas import personas_of
from policykit.policy.defaults import DefaultsSet, RegisteredDefault

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deployment.yaml"
OUTCOME = {"allow": True, "deny": False}


def assert_matrix_equals_oslo(matrix, personas, enforcer):
    by_name = {p.name: p for p in personas}
    data = matrix.to_dict()
    checked = 0
    for row in data["rows"]:
        for column, cell in zip(data["columns"], row["cells"]):
            for member in column["members"]:
                creds = matrix.state.request_creds(by_name[member].creds)  # what the service's context adds
                for relation in RELATIONS:
                    target = build_target(matrix.state.policy, row["action"], creds, relation,
                                          hints=matrix.state.target_hints)
                    expected = oslo_outcome(enforcer, row["action"], target, creds)
                    got = cell["outcomes"][relation]
                    if isinstance(expected, str):
                        assert got == "error", (row["action"], member, relation, expected)
                    else:
                        assert OUTCOME[got] is expected, (row["action"], member, relation)
                    checked += 1
    return checked


def test_the_example_cloud_matrix_equals_oslo():
    deployment = load_deployment(EXAMPLE)
    personas = personas_of(deployment)
    inputs = load_inputs(str(EXAMPLE))
    assert [s.label for s in inputs.states] == ["keystone", "nova", "glance"]
    for state in inputs.states:
        matrix = compute_matrix(state, personas)
        with fresh_dir() as tmp:
            enforcer = oslo_enforcer(tmp, None, policy_path=state.document.path)
            assert assert_matrix_equals_oslo(matrix, personas, enforcer) > 0


LEAVES = ["role:admin", "role:member", "role:reader", "project_id:%(project_id)s", "user_id:%(user_id)s",
          "domain_id:%(target.domain.id)s", "project_domain_id:%(target.project.domain_id)s",
          "system_scope:all", "@", "!", "rule:base", "role:%(role)s", "project_id:project-a", "01:x"]


@st.composite
def policies(draw):
    rules = {}
    for index in range(draw(st.integers(1, 5))):
        leaves = draw(st.lists(st.sampled_from(LEAVES), min_size=1, max_size=3))
        op = draw(st.sampled_from([" and ", " or "]))
        prefix = draw(st.sampled_from(["", "not "]))
        rules[f"svc:res{index}:act"] = prefix + "(" + op.join(leaves) + ")"
    rules["base"] = draw(st.sampled_from(["role:admin", "project_id:%(project_id)s", "rule:base"]))
    if draw(st.booleans()):
        rules["default"] = draw(st.sampled_from(["role:admin", "@", "!"]))
    return rules


@st.composite
def registered(draw, names):
    picked = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    return [RegisteredDefault(name=n, check_str=draw(st.sampled_from(LEAVES[:8])),
                              scope_types=draw(st.sampled_from([None, ("project",), ("system", "domain")])))
            for n in picked]


ID = st.sampled_from(["x", "y", "project-a", "default", "other-project"])
personas = partial(persona_lists, ID, st.sampled_from([[], ["member"], ["reader"], ["admin", "member"]]), 1, 6)


@settings(max_examples=30, deadline=None)
@given(data=st.data(), people=personas(), enforce_new=st.booleans())
def test_generated_policies_and_personas_equal_oslo(data, people, enforce_new):
    rules = data.draw(policies())
    defaults = data.draw(registered([n for n in rules if n.startswith("svc:")] + ["svc:extra:act"]))
    with fresh_dir() as tmp:
        enforcer = oslo_enforcer(tmp, rules, defaults, enforce_new)
        state = load_state(Path(tmp) / "policy.yaml",
                           defaults=[DefaultsSet(("t",), "entry point t", {d.name: d for d in defaults})],
                           settings={"enforce_new_defaults": str(enforce_new)})
        assert_matrix_equals_oslo(compute_matrix(state, people), people, enforcer)


def test_standard_personas_on_a_small_policy_read_as_expected(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('"svc:servers:create": "role:member and project_id:%(project_id)s"\n'
                      '"svc:servers:list_all": "role:admin"\n'
                      '"svc:users:get": "role:reader and domain_id:%(target.user.domain_id)s"\n')
    matrix = compute_matrix(load_state(policy), standard_personas())
    verdicts = {row.action: {c.name: cell.verdict for c, cell in zip(matrix.columns, row.cells)}
                for row in matrix.rows}
    assert verdicts["svc:servers:create"]["project-member"] == "own"
    assert verdicts["svc:servers:create"]["project-reader"] == "deny"
    assert verdicts["svc:servers:list_all"]["project-admin"] == "any"
    assert verdicts["svc:users:get"]["domain-reader"] == "domain"


@pytest.mark.parametrize("action, resource", [
    ("os_compute_api:servers:create", "servers"), ("os_compute_api:servers:show:host_status", "servers"),
    ("identity:get_user", "user"), ("identity:list_users", "user"), ("create_port:fixed_ips", "port"),
    ("get_image", "image"), ("stacks:create", "stacks")])
def test_rows_are_grouped_by_resource(action, resource):
    assert resource_of(action) == resource
