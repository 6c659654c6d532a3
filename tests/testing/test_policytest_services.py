"""A state with a service profile is tested as the service decides: nova's is_admin check and context.

The oracle is oslo.policy with nova's ``IsAdminCheck`` registered (``tests/nova_oracle.py``)
and the creds nova's RequestContext builds: ``is_admin`` is ``context_is_admin`` enforced
on ``{project_id, user_id}`` of the caller, added to the persona's policy values.
"""

from __future__ import annotations

from nova_oracle import nova_registered
from policytest_oracle import oslo_decision, oslo_enforcer

from policykit.analysis.personas import standard_personas
from policykit.testing.runner import run_file

RULES = {
    "context_is_admin": "role:admin",
    "compute:admin_api": "is_admin:True",
    "compute:owner": "is_admin:True or project_id:%(project_id)s",
    "compute:not_admin": "is_admin:False and role:reader",
}


def test_nova_personas_are_decided_with_novas_check_and_context(tmp_path):
    policy = tmp_path / "etc" / "nova" / "policy.yaml"
    policy.parent.mkdir(parents=True)
    policy.write_text("".join(f'"{name}": "{rule}"\n' for name, rule in RULES.items()))
    personas = [p.name for p in standard_personas()]
    cases = "".join(f"  - persona: {name}\n    target: {relation}\n    deny: ['compute:*']\n"
                    for name in personas for relation in ("own", "other-project"))
    tests = tmp_path / "nova_policytest.yaml"
    tests.write_text(f"version: 1\nstate:\n  policy: etc/nova/policy.yaml\npersonas: standard\ncases:\n{cases}")

    outcome = run_file(tests)

    assert outcome.error is None and len(outcome.results) == len(personas) * 2 * 3
    with nova_registered():
        enforcer = oslo_enforcer(policy)
        for result in outcome.results:
            persona = {key: value for key, value in result.creds.items() if key != "is_admin"}
            own = {"project_id": persona.get("project_id"), "user_id": persona.get("user_id")}
            creds = {**persona, "is_admin": oslo_decision(enforcer, "context_is_admin", own, persona) == "allow"}
            assert result.decision == oslo_decision(enforcer, result.action, result.target, creds), result.title
    decided = {(r.who, r.action): r.decision for r in outcome.results}
    assert decided[("system-admin", "compute:admin_api")] == "allow"
    assert decided[("project-reader", "compute:not_admin")] == "allow"
