"""``policykit diff`` as CI runs it: git revisions, --fail-on, annotations on the changed line, bad input."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from analysis_support import run

DATA = Path(__file__).resolve().parent / "data"
OLD = '"svc:things:get": "role:reader and project_id:%(project_id)s"\n"svc:things:delete": "role:admin"\n'
NEW = '"svc:things:get": "role:reader and project_id:%(project_id)s"\n"svc:things:delete": "role:member"\n'


@pytest.fixture
def repo(tmp_path, monkeypatch):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    (tmp_path / "policy.yaml").write_text(OLD)
    git("add", "policy.yaml")
    git("commit", "-qm", "old")
    (tmp_path / "policy.yaml").write_text(NEW)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_gain_against_the_last_commit_fails_the_job(capsys, repo):
    code, out, _ = run(capsys, "diff", "git:HEAD:policy.yaml", "policy.yaml")
    assert code == 1
    assert "svc:things:delete" in out and "project-member gains own, other-project, other-domain" in out
    assert "before: role:admin" in out and "after:  role:member" in out


@pytest.mark.parametrize("fail_on, code", [("gains", 1), ("losses", 0), ("any", 1), ("none", 0)])
def test_fail_on_sets_the_exit_code(capsys, repo, fail_on, code):
    assert run(capsys, "diff", "git:HEAD:policy.yaml", "policy.yaml", "--fail-on", fail_on)[0] == code


def test_losses_only(capsys, repo):
    code, out, _ = run(capsys, "diff", "policy.yaml", "git:HEAD:policy.yaml", "--fail-on", "losses", "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["summary"]["gains"] == 0 and data["summary"]["losses"] > 0


def test_sarif_and_github_point_at_the_changed_rule_line(capsys, repo):
    code, out, _ = run(capsys, "diff", "git:HEAD:policy.yaml", "policy.yaml", "--format", "sarif")
    result = json.loads(out)["runs"][0]["results"][0]
    assert result["ruleId"] == "DIFF-GAIN"
    region = result["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "policy.yaml" and region["region"]["startLine"] == 2
    code, out, _ = run(capsys, "diff", "git:HEAD:policy.yaml", "policy.yaml", "--format", "github")
    assert out.startswith("::error file=policy.yaml,line=2,")


def test_flag_flip_on_one_file(capsys):
    code, out, _ = run(capsys, "diff", str(DATA / "compute-overrides.yaml"), "--defaults", str(DATA / "compute-new.json"),
                       "--old-set", "enforce_new_defaults=false", "--new-set", "enforce_new_defaults=true",
                       "--format", "json")
    data = json.loads(out)
    assert data["old"]["enforce_new_defaults"] is False and data["new"]["enforce_new_defaults"] is True
    assert [a["action"] for a in data["actions"]] == ["compute:servers:index"]


def test_enforce_scope_only_warns(capsys):
    code, out, err = run(capsys, "diff", str(DATA / "compute-overrides.yaml"), "--defaults", str(DATA / "compute-new.json"),
                         "--new-set", "enforce_scope=false")
    assert code == 0 and "no persona" not in out and "enforce_scope = false has no effect" in out + err


@pytest.mark.parametrize("argv, message", [
    (["git:no-such-rev:policy.yaml", "policy.yaml"], "git cannot show it"),
    (["git:HEAD", "policy.yaml"], "expected git:REVISION:PATH"),
    (["policy.yaml"], "nothing that differs"),
    ([], "nothing to compare"),
    (["policy.yaml", "--old-defaults", "/nonexistent.json", "--new-defaults", "x.json"], "no such defaults file"),
    (["policy.yaml", "--old-set", "enforce_newdefaults=1"], "did you mean enforce_new_defaults"),
    (["git:HEAD:policy.yaml", "policy.yaml", "--persona", "nobody"], "unknown persona"),
    (["git:HEAD:policy.yaml", "policy.yaml", "--action", "nothing:*"], "no action matches"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, repo, argv, message):
    code, _, err = run(capsys, "diff", *argv)
    assert code == 2 and message in err and "Traceback" not in err and "internal error" not in err


def test_a_deployment_as_old_or_new_says_how_to_give_it(capsys):
    deployment = str(Path(__file__).resolve().parents[2] / "examples" / "deployment.yaml")
    code, _, err = run(capsys, "diff", deployment, deployment, "--new-set", "enforce_new_defaults=false")
    assert code == 2 and "is a deployment" in err and "--deployment" in err
