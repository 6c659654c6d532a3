"""Decisions equal oslo.policy's; every planted wrong expectation fails at its own line."""

from __future__ import annotations

import json
import random
import shutil

import pytest

from policykit.analysis.personas import standard_personas
from policykit.testing.runner import run_file
from policytest_oracle import EXAMPLES, oslo_decision, oslo_enforcer, run_cli

NOVA = EXAMPLES / "policies" / "nova.yaml"
KEYSTONE = EXAMPLES / "policies" / "keystone.yaml"
GLANCE = EXAMPLES / "policies" / "glance.yaml"


def test_the_example_cloud_tests_pass(capsys):
    code, out, err = run_cli(capsys, EXAMPLES)
    assert code == 0, out + err
    assert out.splitlines()[-1] == "69 passed, 0 failed"


def test_every_example_decision_is_the_one_oslo_makes():
    outcome = run_file(EXAMPLES / "nova_policytest.yaml")
    enforcer = oslo_enforcer(NOVA)
    assert outcome.error is None and len(outcome.results) == 69
    for result in outcome.results:
        assert result.decision == oslo_decision(enforcer, result.action, result.target, result.creds), result.title


def _creds_pool():
    pool = [dict(p.creds) for p in standard_personas()]
    pool += [{"roles": ["admin"], "project_id": "p1", "user_id": "u1"},
             {"roles": ["service"], "project_id": "service"}, {"roles": [], "user_id": "u2"}]
    return pool


def _targets(creds):
    return [{}, {"project_id": creds.get("project_id") or "x", "user_id": creds.get("user_id") or "y"},
            {"project_id": "other", "owner": "other", "target.domain_id": "default", "target.user.id": "u1",
             "visibility": "public"}]


@pytest.mark.parametrize("policy_file", [NOVA, KEYSTONE, GLANCE], ids=lambda p: p.name)
def test_planted_wrong_expectations_fail_at_their_lines_and_the_rest_pass(tmp_path, capsys, policy_file):
    """One case per line, expectations from oslo; a random quarter flipped must fail, each at its line."""
    enforcer = oslo_enforcer(policy_file)
    names = sorted(k for k in enforcer.rules.keys())
    rng = random.Random(policy_file.name)
    lines = [f"state:\n  policy: {policy_file}\ncases:\n"]
    planted, honest = set(), set()
    line = 4
    for creds in _creds_pool():
        for target in _targets(creds):
            for action in rng.sample(names, min(6, len(names))):
                expected = oslo_decision(enforcer, action, target, creds)
                if expected == "error":
                    continue
                flip = rng.random() < 0.25
                expect = {"allow": "deny", "deny": "allow"}[expected] if flip else expected
                (planted if flip else honest).add(line)
                lines.append(f"  - {{creds: {json.dumps(creds)}, target: {json.dumps(target)}, "
                             f"action: {json.dumps(action)}, expect: {expect}}}\n")
                line += 1
    path = tmp_path / "planted_policytest.yaml"
    path.write_text("".join(lines))
    code, out, _ = run_cli(capsys, path)
    reported = {int(row.split(":")[1]) for row in out.splitlines() if row.startswith(f"FAIL {path}:")}
    assert planted and reported == planted
    assert code == 1
    assert out.splitlines()[-1] == f"{len(honest)} passed, {len(planted)} failed"


def test_a_wrong_row_in_a_table_fails_at_that_row_with_the_explain_tree(tmp_path, capsys):
    for name in ("deployment.yaml", "policies", "conf", "paste"):
        source = EXAMPLES / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    text = (EXAMPLES / "nova_policytest.yaml").read_text()
    text = text.replace("      - os_compute_api:servers:show:host_status\n",
                        "      - os_compute_api:servers:show:host_status\n      - os_compute_api:servers:index\n", 1)
    path = tmp_path / "nova_policytest.yaml"
    path.write_text(text)
    row = text.splitlines().index("      - os_compute_api:servers:show:host_status") + 2
    code, out, _ = run_cli(capsys, path)
    assert code == 1
    assert f"FAIL {path}:{row}:9: alice@demo os_compute_api:servers:index on own: expected deny, got allow" in out
    assert "os_compute_api:servers:index → ALLOW" in out and "rule:project_reader_or_admin → true" in out
    assert out.splitlines()[-1] == "69 passed, 1 failed"


def test_json_output_carries_each_case_and_the_failing_tree(tmp_path, capsys):
    (tmp_path / "p.yaml").write_text('"a": "role:x"\n')
    (tmp_path / "t_policytest.yaml").write_text(
        "state: {policy: p.yaml}\ncases:\n  - creds: {roles: [x]}\n    allow: [a]\n    deny: [a]\n")
    code, out, _ = run_cli(capsys, tmp_path, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["summary"] == {"passed": 1, "failed": 1, "errors": 0}
    failed = [case for case in data["files"][0]["cases"] if not case["passed"]]
    assert failed[0]["line"] == 5 and failed[0]["decision"] == "allow"
    assert failed[0]["explanation"]["tree"]["check"] == "role:x"


def test_error_expectation_matches_what_oslo_raises(tmp_path, capsys):
    (tmp_path / "p.yaml").write_text('"a": "role:x"\n')
    (tmp_path / "t_policytest.yaml").write_text(
        "state: {policy: p.yaml}\ncases:\n  - creds: {roles: [1]}\n    target: {}\n    error: [a]\n")
    assert oslo_decision(oslo_enforcer(tmp_path / "p.yaml"), "a", {}, {"roles": [1]}) == "error"
    code, out, _ = run_cli(capsys, tmp_path)
    assert code == 0 and out.splitlines()[-1] == "1 passed, 0 failed"
