"""--snapshot writes a test file that passes now and fails on any later change of a decision."""

from __future__ import annotations

import json
import shutil

import yaml

from policykit.analysis.personas import standard_personas
from policytest_oracle import EXAMPLES, oslo_decision, oslo_enforcer, run_cli


def _copy_examples(tmp_path):
    for name in ("deployment.yaml", "policies", "conf", "paste"):
        source = EXAMPLES / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)


def test_snapshot_of_a_deployment_service_passes_then_catches_an_edit(tmp_path, capsys):
    _copy_examples(tmp_path)
    out = tmp_path / "tests" / "nova_policytest.yaml"
    out.parent.mkdir()
    code, printed, err = run_cli(capsys, "--snapshot", out, tmp_path / "deployment.yaml", "--service", "nova")
    assert code == 0, err
    assert "&id" not in out.read_text() and "*id" not in out.read_text()  # no YAML aliases
    data = yaml.safe_load(out.read_text())
    assert data["state"] == {"deployment": "../deployment.yaml", "service": "nova"}
    named = [(name, case["target"]) for case in data["cases"]
             for name in (case["persona"] if isinstance(case["persona"], list) else [case["persona"]])]
    assert len(named) == len(set(named)) and set(named) == {
        (persona, target) for persona in ("admin@admin", "admin@system", "alice@demo", "bob@demo", "nova@service",
                                          "glance@service", "carol@domain:customers", "carol@acme")
        for target in ("own", "other-project", "other-domain")}
    code, printed, _ = run_cli(capsys, out)
    assert code == 0 and printed.splitlines()[-1] == "288 passed, 0 failed"

    policy = tmp_path / "policies" / "nova.yaml"
    policy.write_text(policy.read_text().replace(
        '"os_compute_api:servers:create": "rule:project_member_or_admin"',
        '"os_compute_api:servers:create": "rule:project_reader_or_admin"'))
    code, printed, _ = run_cli(capsys, out)
    # bob (reader) gains create in his own project: one changed decision, one failure
    assert code == 1 and printed.splitlines()[-1] == "287 passed, 1 failed"
    assert "bob@demo os_compute_api:servers:create on own: expected deny, got allow" in printed


def test_snapshot_of_a_policy_file_uses_the_standard_personas_and_matches_oslo(tmp_path, capsys):
    policy = tmp_path / "glance.yaml"
    shutil.copy(EXAMPLES / "policies" / "glance.yaml", policy)
    out = tmp_path / "glance_policytest.yaml"
    code, _, err = run_cli(capsys, "--snapshot", out, policy)
    assert code == 0, err
    data = yaml.safe_load(out.read_text())
    assert data["state"] == {"policy": "glance.yaml"} and data["personas"] == "standard"
    assert {case["persona"] for case in data["cases"]} == {p.name for p in standard_personas()}
    code, printed, _ = run_cli(capsys, out, "--format", "json")
    results = json.loads(printed)["files"][0]["cases"]
    enforcer = oslo_enforcer(policy)
    assert code == 0 and len(results) > 100
    creds = {p.name: dict(p.creds) for p in standard_personas()}
    for result in results:
        assert result["decision"] == oslo_decision(enforcer, result["action"], result["target_keys"],
                                                   creds[result["who"]]), result


def test_snapshot_needs_a_service_when_the_deployment_has_several(tmp_path, capsys):
    code, _, err = run_cli(capsys, "--snapshot", tmp_path / "x_policytest.yaml", EXAMPLES / "deployment.yaml")
    assert code == 2 and "--service" in err and "nova" in err


def test_snapshot_name_must_be_found_by_discovery(tmp_path, capsys):
    code, _, err = run_cli(capsys, "--snapshot", tmp_path / "snap.yaml", EXAMPLES / "policies" / "nova.yaml")
    assert code == 2 and "_policytest.yaml" in err


def test_snapshot_of_a_policy_file_with_deployment_personas_defaults_and_a_flag(tmp_path, capsys):
    defaults = tmp_path / "defaults.json"
    defaults.write_text(json.dumps({"rules": [
        {"name": "svc:get", "check_str": "role:reader and project_id:%(project_id)s",
         "deprecated_rule": {"name": "svc:get", "check_str": "role:member"}}]}))
    policy = tmp_path / "policy.yaml"
    policy.write_text('"svc:extra": "role:admin"\n')
    out = tmp_path / "svc_policytest.yaml"
    code, _, err = run_cli(capsys, "--snapshot", out, policy, "--deployment", EXAMPLES / "deployment.yaml",
                           "--defaults", defaults, "--set", "enforce_new_defaults=false")
    assert code == 0, err
    data = yaml.safe_load(out.read_text())
    assert data["state"]["set"] == {"enforce_new_defaults": False} and data["personas"] == "deployment"
    assert data["state"]["defaults"] == ["defaults.json"] and data["state"]["deployment"].endswith("deployment.yaml")
    code, printed, _ = run_cli(capsys, out)
    assert code == 0, printed
    # with the new defaults enforced, members of other projects lose the deprecated "role:member" path
    out.write_text(out.read_text().replace("enforce_new_defaults: false", "enforce_new_defaults: true"))
    code, printed, _ = run_cli(capsys, out)
    assert code == 1 and "svc:get on other-project: expected allow, got deny" in printed
