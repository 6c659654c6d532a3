"""``policykit lint`` end to end: the real driver, the real subject linters, the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from policykit.cli import main

SCHEMA = json.loads((Path(__file__).parents[1] / "report" / "data" / "sarif-schema-2.1.0.json").read_text())
BAD = '"compute:start": "rol:admin"\n'  # PL102 misspelt-check-kind (error)
DEPLOYMENT = """\
version: 1
regions:
  - {id: RegionOne, hosts: {public: api.example.com, internal: controller}}
services:
  - {type: compute, name: nova, port: 8774, path: /v2.1, policy: policies/nova-policy.yaml}
identity:
  domains: [{name: Default, id: default}]
  projects: [{name: demo, domain: Default}]
  roles: [admin, member]
  users: [{name: alice, domain: Default}]
  assignments: [{user: alice, role: member, project: demo}]
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return path


def lint(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["lint", *args])
    out, err = capsys.readouterr()
    return code, out, err


def codes_in(out: str) -> list[str]:
    return [record["code"] for record in json.loads(out)]


# --- exit codes and unusable input -------------------------------------------------


def test_no_paths_says_what_to_pass(workdir, capsys):
    code, _, err = lint(capsys)
    assert code == 2
    assert "no paths given" in err and "deployment.yaml" in err


@pytest.mark.parametrize("args, message", [
    (["--select", "PL1O2", "p.yaml"], "--select: unknown rule code or name 'PL1O2'; did you mean PL102?"),
    (["--ignore", "misspelled-check-kind", "p.yaml"], "did you mean misspelt-check-kind?"),
    (["missing.yaml"], "no such file or directory: missing.yaml"),
    (["--deployment", "nope.yaml", "p.yaml"], "--deployment nope.yaml: no such file"),
])
def test_unusable_arguments_exit_2_with_one_clear_line(workdir, capsys, args, message):
    write(workdir / "p.yaml", BAD)
    code, out, err = lint(capsys, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_bad_configuration_exits_2_with_file_and_line(workdir):
    write(workdir / "p.yaml", BAD)
    write(workdir / "pyproject.toml", "[tool.policykit]\nselect = ['PL']\nfail_level = 'error'\n")
    completed = subprocess.run([sys.executable, "-m", "policykit.cli", "lint", "p.yaml"], capture_output=True, text=True)
    assert completed.returncode == 2
    assert f"{workdir / 'pyproject.toml'}:3: unknown configuration key 'fail_level'" in completed.stderr
    assert "did you mean 'fail-level'?" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_findings_exit_1_and_clean_exit_0(workdir, capsys):
    write(workdir / "bad.yaml", BAD)
    write(workdir / "good.yaml", '"compute:start": "role:admin"\n')
    assert lint(capsys, "--select", "PL1", "bad.yaml")[0] == 1
    code, out, _ = lint(capsys, "--select", "PL1", "good.yaml")
    assert code == 0 and out.strip() == "All checks passed."
    assert lint(capsys, "--select", "PL1", "--exit-zero", "bad.yaml")[0] == 0


def test_fail_level_and_configured_severity(workdir, capsys):
    write(workdir / "bad.yaml", BAD)
    write(workdir / ".policykit.toml", "select = ['PL102']\n[severity]\nmisspelt-check-kind = 'info'\n")
    code, out, _ = lint(capsys, "bad.yaml")
    assert code == 0 and "PL102 [info]" in out
    assert lint(capsys, "--fail-level", "info", "bad.yaml")[0] == 1
    write(workdir / ".policykit.toml", "select = ['PL102']\nfail-level = 'error'\n")
    assert lint(capsys, "bad.yaml")[0] == 1
    write(workdir / ".policykit.toml", "select = ['PL102']\n[severity]\nPL102 = 'warning'\n")
    assert lint(capsys, "--fail-level", "error", "bad.yaml")[0] == 0


# --- output -----------------------------------------------------------------------


def test_text_output_line_hint_and_full_snippet(workdir, capsys):
    write(workdir / "bad.yaml", BAD)
    _, out, _ = lint(capsys, "--select", "PL102", "bad.yaml")
    lines = out.splitlines()
    assert lines[0].startswith("bad.yaml:1:19: PL102 [error] ")
    assert lines[1].startswith("    hint: ")
    _, out, _ = lint(capsys, "--select", "PL102", "--format", "full", "bad.yaml")
    assert '  1 | "compute:start": "rol:admin"' in out.splitlines()
    assert "    | " + " " * 18 + "^" in out
    _, out, _ = lint(capsys, "--select", "PL102", "--format", "concise", "bad.yaml")
    assert "hint" not in out


def test_json_output_is_relative_to_the_working_directory(workdir, capsys):
    write(workdir / "etc" / "bad.yaml", BAD)
    _, out, _ = lint(capsys, "--select", "PL102", "--format", "json", str(workdir / "etc" / "bad.yaml"))
    (record,) = json.loads(out)
    assert record["path"] == "etc/bad.yaml" and record["code"] == "PL102" and record["name"] == "misspelt-check-kind"
    assert record["subject"] == "compute:start"


def test_sarif_output_validates_and_points_into_the_repository(workdir, capsys):
    write(workdir / "etc" / "bad.yaml", BAD)
    output = workdir / "report.sarif"
    code, out, _ = lint(capsys, "--format", "sarif", "-o", str(output), "etc/bad.yaml")
    assert code == 1 and out == ""
    log = json.loads(output.read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "PL102")
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "etc/bad.yaml"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_github_output(workdir, capsys):
    write(workdir / "bad.yaml", BAD)
    _, out, _ = lint(capsys, "--select", "PL102", "--format", "github", "bad.yaml")
    assert out.startswith("::error file=bad.yaml,line=1,col=19,")
    assert ",title=PL102::" in out


def test_statistics(workdir, capsys):
    write(workdir / "a.yaml", BAD + '"compute:stop": "rol:member"\n')
    _, out, _ = lint(capsys, "--select", "PL102", "--statistics", "a.yaml")
    assert out.splitlines()[0] == "2  PL102  [error]  misspelt-check-kind"


# --- selection, suppression and configuration ---------------------------------------


def test_select_ignore_and_names(workdir, capsys):
    write(workdir / "a.yaml", BAD + '"compute:stop": "role:a or not(role:b)"\n')
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL1", "--ignore", "unparsable-rule", "a.yaml")
    assert set(codes_in(out)) == {"PL102"}
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL101", "--extend-select", "misspelt-check-kind", "a.yaml")
    assert set(codes_in(out)) == {"PL101", "PL102"}


def test_yaml_suppression_comments(workdir, capsys):
    write(workdir / "a.yaml",
          "# policykit: ignore[misspelt-check-kind]\n" + BAD +
          '"compute:stop": "rol:member"  # policykit: ignore[PL102]\n'
          '"compute:pause": "rol:member"\n')
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL102,PK", "a.yaml")
    assert [(r["code"], r["line"]) for r in json.loads(out)] == [("PL102", 4)]


def test_file_ignore_and_unused_suppression(workdir, capsys):
    write(workdir / "a.yaml", "# policykit: file-ignore[PL102]\n" + BAD + '"x": "role:a"  # policykit: ignore[PL101]\n')
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL1,PK", "a.yaml")
    assert [(r["code"], r["line"], r["column"]) for r in json.loads(out)] == [("PK001", 3, 16)]
    # a rule that did not run proves nothing about the comment
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL102,PK", "a.yaml")
    assert codes_in(out) == []


def test_per_file_and_per_policy_ignores_for_json(workdir, capsys):
    write(workdir / "legacy" / "nova.json", '{"compute:start": "rol:admin",\n "compute:stop": "rol:admin"}\n')
    write(workdir / "current" / "nova.json", '{"compute:start": "rol:admin"}\n')
    write(workdir / "pyproject.toml", """
[tool.policykit]
select = ["PL102"]
[tool.policykit.per-file-ignores]
"legacy/*.json" = ["PL1"]
[tool.policykit.per-policy-ignores]
"current/*.json" = { "compute:*" = ["misspelt-check-kind"] }
""")
    code, out, _ = lint(capsys, "--format", "json", "legacy/nova.json", "current/nova.json")
    assert code == 0 and codes_in(out) == []
    write(workdir / "pyproject.toml", """
[tool.policykit]
select = ["PL102"]
[tool.policykit.per-policy-ignores]
"legacy/*.json" = { "compute:start" = ["PL102"] }
""")
    _, out, _ = lint(capsys, "--format", "json", "legacy/nova.json")
    assert [r["subject"] for r in json.loads(out)] == ["compute:stop"]


def test_configuration_is_found_from_the_linted_file(tmp_path, monkeypatch, capsys):
    write(tmp_path / "repo" / ".policykit.toml", "ignore = ['PL102']\n")
    write(tmp_path / "repo" / "etc" / "a.yaml", BAD)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    _, out, _ = lint(capsys, "--format", "json", str(tmp_path / "repo" / "etc" / "a.yaml"))
    assert "PL102" not in codes_in(out)
    _, out, _ = lint(capsys, "--format", "json", "--isolated", str(tmp_path / "repo" / "etc" / "a.yaml"))
    assert "PL102" in codes_in(out)


# --- file kinds, deployments --------------------------------------------------------


def test_unknown_file_kind_is_reported_not_skipped(workdir, capsys):
    write(workdir / "nova.conf", "[DEFAULT]\n")
    code, out, _ = lint(capsys, "--format", "json", "nova.conf")
    assert code == 1 and codes_in(out) == ["PK002"]


def test_directory_walk_takes_files_named_as_policies(workdir, capsys):
    write(workdir / "etc" / "nova-policy.yaml", BAD)
    write(workdir / "etc" / "docker-compose.yaml", "services: {web: {image: x}}\n")
    write(workdir / "etc" / "policy.d" / "10-extra.yaml", '"compute:stop": "rol:admin"\n')
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL102", "etc")
    assert sorted(r["path"] for r in json.loads(out)) == ["etc/nova-policy.yaml", "etc/policy.d/10-extra.yaml"]


def test_deployment_lints_the_files_it_lists_and_findings_point_at_them(workdir, capsys):
    write(workdir / "cloud" / "deployment.yaml", DEPLOYMENT)
    write(workdir / "cloud" / "policies" / "nova-policy.yaml", '"compute:stop": "role:memeber"\n' + BAD)
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL102,PL501", "cloud/deployment.yaml")
    found = {(r["code"], r["path"], r["line"]) for r in json.loads(out)}
    assert found == {("PL501", "cloud/policies/nova-policy.yaml", 1), ("PL102", "cloud/policies/nova-policy.yaml", 2)}


def test_policy_file_against_a_deployment(workdir, capsys):
    write(workdir / "cloud" / "deployment.yaml", DEPLOYMENT)
    write(workdir / "other-policy.yaml", '"compute:start": "role:memeber"\n')
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL501", "other-policy.yaml")
    assert codes_in(out) == []  # no deployment, no roles to compare with
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL501", "--deployment", "cloud/deployment.yaml",
                     "other-policy.yaml")
    assert codes_in(out) == ["PL501"]


# --- fixes --------------------------------------------------------------------------

LEGACY = '"admin_or_owner": [["role:admin"], ["project_id:%(project_id)s"]]\n# policykit: ignore[PL102]\n"a": "role:x"\n'


def test_diff_shows_fixes_without_writing(workdir, capsys):
    path = write(workdir / "a.yaml", LEGACY)
    code, out, err = lint(capsys, "--diff", "--select", "PL601,PL102,PK001", "a.yaml")
    assert code == 1
    assert out.startswith("--- a/a.yaml\n+++ b/a.yaml\n")
    assert '-# policykit: ignore[PL102]' in out.splitlines()
    assert "2 fixes available in 1 file" in err
    assert path.read_text() == LEGACY


def test_fix_writes_safe_fixes_and_relints(workdir, capsys):
    path = write(workdir / "a.yaml", LEGACY)
    code, out, _ = lint(capsys, "--fix", "--select", "PL601,PL102,PK001", "a.yaml")
    assert code == 0
    assert "Fixed 2 findings. All checks passed." in out
    text = path.read_text()
    assert "policykit: ignore" not in text and "[[" not in text
    assert text.endswith('"a": "role:x"\n')
    assert lint(capsys, "--select", "PL601,PL102,PK001", "a.yaml")[0] == 0


def test_fix_leaves_findings_without_fixes(workdir, capsys):
    path = write(workdir / "a.yaml", BAD)
    code, out, _ = lint(capsys, "--fix", "--select", "PL102", "a.yaml")
    assert code == 1 and "PL102" in out and path.read_text() == BAD


def test_an_unusable_file_exits_2_after_reporting_the_others(workdir):
    write(workdir / "broken.yaml", "a: [\n")
    write(workdir / "bad.yaml", BAD)
    completed = subprocess.run([sys.executable, "-m", "policykit.cli", "lint", "--select", "PL102", "broken.yaml", "bad.yaml"],
                               capture_output=True, text=True)
    assert completed.returncode == 2
    assert completed.stdout.startswith("bad.yaml:1:19: PL102 [error]")
    # The unusable file is a finding in the report itself, whatever --select says.
    assert "broken.yaml:2:1: PK004 [error] not linted: cannot parse broken.yaml" in completed.stdout
    assert completed.stdout.rstrip().endswith("1 file could not be linted.")
    assert "All checks passed" not in completed.stdout
    assert "Traceback" not in completed.stderr


def test_catalog_bodies_are_recognised_and_linted(workdir, capsys):
    write(workdir / "token.json", '{"token": {"catalog": [{"type": "compute", "name": "nova", "id": "1", "endpoints": ['
          '{"id": "e", "interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": "127.0.0.1:8774/"}]}]}}\n')
    _, out, _ = lint(capsys, "--format", "json", "--select", "CT002", "token.json")
    assert [(r["code"], r["path"]) for r in json.loads(out)] == [("CT002", "token.json")]


def test_an_unusable_file_is_never_deselected(workdir, capsys):
    # a catalog body of the wrong shape: nothing in it was checked, whatever --select says
    write(workdir / "token.json", '{"token": {"catalog": 5}}\n')
    code, out, _ = lint(capsys, "--format", "json", "--select", "PL101", "--ignore", "PK", "token.json")
    (record,) = json.loads(out)
    assert code == 2 and record["code"] == "PK004" and record["line"] == 1 and record["severity"] == "error"


DEFAULTS = json.dumps({"namespace": "toy", "rules": [
    {"name": "toy:get_thing", "check_str": "role:reader"}, {"name": "toy:delete_thing", "check_str": "role:admin"}]})


def test_defaults_file_from_the_command_line_and_from_configuration(workdir, capsys):
    write(workdir / "conf" / "toy-defaults.json", DEFAULTS)
    write(workdir / "policy.yaml", '"toy:get_thnig": "role:admin"\n')
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL402", "policy.yaml")
    assert codes_in(out) == []  # nothing to compare with
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL402", "--defaults", "conf/toy-defaults.json", "policy.yaml")
    assert codes_in(out) == ["PL402"]
    # in the configuration the file is relative to the configuration's directory
    write(workdir / "conf" / ".policykit.toml", 'select = ["PL402"]\ndefaults = "toy-defaults.json"\n')
    _, out, _ = lint(capsys, "--format", "json", "--settings", "conf/.policykit.toml", "policy.yaml")
    assert codes_in(out) == ["PL402"]


def test_deployment_from_configuration_is_the_context_of_policy_files(workdir, capsys):
    write(workdir / "cloud" / "deployment.yaml", DEPLOYMENT)
    write(workdir / "other-policy.yaml", '"compute:start": "role:memeber"\n')
    write(workdir / "pyproject.toml", '[tool.policykit]\nselect = ["PL501"]\ndeployment = "cloud/deployment.yaml"\n')
    _, out, _ = lint(capsys, "--format", "json", "other-policy.yaml")
    assert codes_in(out) == ["PL501"]


def test_unusable_context_deployment_is_exit_2(workdir, capsys):
    write(workdir / "broken-deployment.yaml", "version: 1\nservices: [\n")
    write(workdir / "p.yaml", BAD)
    code, _, err = lint(capsys, "--deployment", "broken-deployment.yaml", "p.yaml")
    assert code == 2 and "cannot use the deployment broken-deployment.yaml" in err
    assert "policykit lint broken-deployment.yaml" in err


# --- a run loads only the subjects it needs, without changing any answer ----------------


def test_names_from_subjects_a_run_did_not_need_are_still_understood(workdir, capsys):
    write(workdir / "a.yaml", '"compute:start": "rol:admin"  # policykit: ignore[PL102, context-before-auth, PS301]\n')
    code, out, _ = lint(capsys, "--format", "json", "--ignore", "context-before-auth", "a.yaml")
    assert "PK003" not in codes_in(out)
    _, out, _ = lint(capsys, "--format", "json", "--select", "PL102,PS301,PK", "a.yaml")
    assert codes_in(out) == []  # PS301 did not run on a policy file: its suppression proves nothing


def test_sarif_of_a_policy_run_describes_the_rules_of_that_run(workdir, capsys):
    write(workdir / "a.yaml", BAD)
    _, out, _ = lint(capsys, "--format", "sarif", "a.yaml")
    ids = {rule["id"][:2] for rule in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    assert ids == {"PL", "PK"}


def test_a_directory_without_lintable_files_says_so(workdir, capsys):
    (workdir / "empty").mkdir()
    code, out, err = lint(capsys, "empty")
    assert code == 0 and "All checks passed." in out
    assert "no policy, paste, deployment or catalog files under empty" in err


def test_lint_start_up_stays_lean(workdir):
    # keystoneauth1 and oslo.policy cost more start-up time than linting a file: not needed offline
    write(workdir / "a.yaml", BAD)
    script = (
        "import sys, io, contextlib\n"
        "from policykit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['lint', 'a.yaml'])\n"
        "print([m for m in ('keystoneauth1', 'oslo_policy', 'oslo_config', 'requests') if m in sys.modules])\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert completed.stdout.strip() == "[]", completed.stderr
