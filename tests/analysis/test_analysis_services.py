"""With a service profile, the matrix decides as the service does: nova's is_admin check and derived creds.

The oracle is oslo.policy with nova's ``IsAdminCheck`` registered for ``is_admin`` (as
``nova/policy.py`` registers it: ``creds['is_admin'] == (match.lower() == 'true')``) and
creds carrying the ``is_admin`` nova's RequestContext computes — oslo enforcing
``context_is_admin`` on nova's default target ``{project_id, user_id}``.
"""

from __future__ import annotations

from analysis_oracle import fresh_dir, oslo_enforcer, oslo_outcome
from nova_oracle import nova_registered
from policykit.analysis.matrix import compute_matrix
from policykit.analysis.personas import standard_personas
from policykit.analysis.state import load_state
from policykit.analysis.targets import RELATIONS, build_target

RULES = {
    "context_is_admin": "role:admin",
    "compute:servers:admin_only": "is_admin:True",
    "compute:servers:owner": "is_admin:True or project_id:%(project_id)s",
    "compute:servers:not_admin": "is_admin:False and role:reader",
}


def test_the_matrix_of_a_nova_policy_equals_oslo_with_novas_check_and_context(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("".join(f'"{name}": "{rule}"\n' for name, rule in RULES.items()))
    state = load_state(policy, service="nova")
    assert state.profile.name == "nova" and "is_admin" in state.checks
    personas = standard_personas()
    matrix = compute_matrix(state, personas)
    by_name = {p.name: p for p in personas}
    with fresh_dir() as tmp, nova_registered():
        enforcer = oslo_enforcer(tmp, RULES)
        seen = set()
        for row in matrix.rows:
            for group, cell in zip(matrix.columns, row.cells):
                creds = dict(by_name[group.name].creds)
                creds["is_admin"] = enforcer.enforce(
                    "context_is_admin", {"project_id": creds["project_id"], "user_id": creds["user_id"]}, dict(creds))
                for relation in RELATIONS:
                    target = build_target(state.policy, row.action, creds, relation, hints=state.target_hints)
                    expected = oslo_outcome(enforcer, row.action, target, creds)
                    assert expected is cell.outcomes[relation], (row.action, group.name, relation)
                    seen.add((row.action, expected))
    assert ("compute:servers:admin_only", True) in seen and ("compute:servers:admin_only", False) in seen


def test_an_unknown_service_is_one_clear_error():
    import pytest

    from policykit.errors import InputError

    with pytest.raises(InputError, match="(?s)unknown service 'nvoa'.*did you mean 'nova'"):
        load_state(None, service="nvoa")
