"""``diff:`` in a test file: "the upgrade grants nothing new", checked against oslo.policy."""

from __future__ import annotations

import json

import pytest

from policykit.analysis.personas import standard_personas
from policykit.analysis.targets import build_target
from policykit.testing.runner import run_file
from policytest_oracle import oslo_decision, oslo_enforcer, run_cli

OLD = {"svc:get": "role:reader and project_id:%(project_id)s", "svc:delete": "role:admin"}
NEW = {"svc:get": "role:reader and project_id:%(project_id)s", "svc:delete": "role:member"}

TESTS = """\
state: {policy: policy.yaml, defaults: old.json}
cases:
  - persona: project-member
    allow: [svc:get]
    deny: [svc:delete]
diff:
  - name: the upgrade grants nothing new to readers
    against: {defaults: new.json}
    persona: [project-reader, domain-reader]
  - name: the upgrade grants nothing new
    against: {defaults: new.json}
"""


@pytest.fixture
def project(tmp_path):
    for name, rules in (("old.json", OLD), ("new.json", NEW)):
        (tmp_path / name).write_text(json.dumps({"rules": [{"name": k, "check_str": v} for k, v in rules.items()]}))
    (tmp_path / "policy.yaml").write_text('"svc:extra": "role:admin"\n')
    (tmp_path / "d_policytest.yaml").write_text(TESTS)
    return tmp_path


def test_a_diff_that_grants_nothing_passes_and_one_that_does_fails_at_its_line(project, capsys):
    code, out, _ = run_cli(capsys, project)
    assert code == 1
    assert f"FAIL {project / 'd_policytest.yaml'}:10:5: the upgrade grants nothing new:" in out
    assert ":7:5: the upgrade grants nothing new to readers" not in out
    assert out.splitlines()[-1] == "3 passed, 1 failed"


def test_every_reported_gain_is_one_oslo_confirms_and_oslo_finds_no_other(project):
    (result,) = [d for d in run_file(project / "d_policytest.yaml").diffs if not d.passed]
    reported = {(change.persona, action, change.relation) for action, change in result.changes}
    old = oslo_enforcer(project / "policy.yaml", OLD)
    new = oslo_enforcer(project / "policy.yaml", NEW)
    from policykit.analysis.state import load_state

    state = load_state(str(project / "policy.yaml"), defaults=[str(project / "old.json")])
    expected = set()
    for persona in standard_personas():
        for action in ("svc:get", "svc:delete", "svc:extra"):
            for relation in ("own", "other-project", "other-domain"):
                target = build_target(state.policy, action, persona.creds, relation)
                if (oslo_decision(old, action, target, dict(persona.creds)) == "deny"
                        and oslo_decision(new, action, target, dict(persona.creds)) == "allow"):
                    expected.add((persona.name, action, relation))
    persona_names = {name.split(" (+")[0] for name, _, _ in reported}
    assert expected and {(n, a, r) for n, a, r in expected if n in persona_names} == \
        {(n.split(" (+")[0], a, r) for n, a, r in reported}


def test_unknown_persona_in_a_diff_is_bad_input(project, capsys):
    tests = project / "d_policytest.yaml"
    tests.write_text(tests.read_text().replace("[project-reader, domain-reader]", "[project-raeder]"))
    code, _, err = run_cli(capsys, tests)
    assert code == 2 and ":7:5: unknown persona 'project-raeder'" in err and "project-reader" in err
