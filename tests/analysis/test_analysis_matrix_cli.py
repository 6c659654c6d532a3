"""``policykit matrix`` as a user runs it: every format, the inverse view, and bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from analysis_support import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOVA = str(EXAMPLES / "policies" / "nova.yaml")


def test_json_carries_rule_text_location_and_branches(capsys):
    code, out, _ = run(capsys, "matrix", NOVA, "--format", "json", "--action", "os_compute_api:servers:create")
    assert code == 0
    data = json.loads(out)
    assert data["format"] == "policykit-matrix/1" and len(data["columns"]) == 14
    row = data["rows"][0]
    assert row["rule"]["text"] == "rule:project_member_or_admin" and row["rule"]["location"].endswith(":18:34")
    member = data["columns"].index(next(c for c in data["columns"] if c["name"] == "project-member"))
    cell = row["cells"][member]
    assert cell["verdict"] == "own" and cell["outcomes"] == {"own": "allow", "other-project": "deny",
                                                              "other-domain": "deny"}
    assert "project_id:%(project_id)s = true" in cell["branches"]["own"]
    assert [t["relation"] for t in data["targets"]] == ["own", "other-project", "other-domain"]


def test_csv_has_one_line_per_action_and_persona_class(capsys):
    code, out, _ = run(capsys, "matrix", NOVA, "--format", "csv", "--action", "os_compute_api:servers:*")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and all(r["action"].startswith("os_compute_api:servers:") for r in rows)
    assert {r["persona"] for r in rows} >= {"system-admin", "project-member"}


def test_a_deployment_gives_one_matrix_per_service_and_names_the_rest(capsys):
    code, out, err = run(capsys, "matrix", str(EXAMPLES / "deployment.yaml"), "--format", "markdown")
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("## ")] == ["## keystone", "## nova", "## glance"]
    assert "not analysed: neutron" in err


def test_who_lists_personas_with_the_deciding_branch(capsys):
    code, out, _ = run(capsys, "matrix", NOVA, "--who", "os_compute_api:servers:show:host_status")
    assert code == 0
    assert "system-admin: allowed on any project" in out and "role:admin = true" in out


def test_errors_show_and_set_the_exit_code(capsys, tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text('"a:b:c": "01:x"\n')
    code, out, err = run(capsys, "matrix", str(policy))
    assert code == 1 and "ERROR a:b:c" in out and "could not be evaluated" in err


@pytest.mark.parametrize("argv, message", [
    (["--action", "os_compute_api:nothing*"], "no action matches"),
    (["--persona", "project-membr"], "did you mean project-member"),
    (["--personas", "weird"], "unknown persona set"),
    (["--set", "enforce_new_default=false"], "did you mean enforce_new_defaults"),
    (["--who", "os_compute_api:servers:creat"], "did you mean os_compute_api:servers:create"),
    (["--defaults", "/nonexistent/defaults.json"], "no such defaults file"),
    (["--set", "enforce_new_defaults=perhaps"], "not a boolean"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, "matrix", NOVA, *argv)
    assert code == 2 and message in err and "Traceback" not in err and "internal error" not in err


def test_a_missing_input_file_is_exit_2(capsys):
    code, _, err = run(capsys, "matrix", "/nonexistent/policy.yaml")
    assert code == 2 and "no such file" in err


def test_a_deployment_written_as_json_gives_the_same_matrix(capsys, tmp_path):
    import yaml

    data = yaml.safe_load((EXAMPLES / "deployment.yaml").read_text())
    for service in data["services"]:
        for key in ("policy", "paste", "config"):
            if key in service:
                service[key] = str(EXAMPLES / service[key])
    (tmp_path / "deployment.json").write_text(json.dumps(data))
    code, from_json, _ = run(capsys, "matrix", str(tmp_path / "deployment.json"), "--format", "csv")
    code_yaml, from_yaml, _ = run(capsys, "matrix", str(EXAMPLES / "deployment.yaml"), "--format", "csv")
    assert code == code_yaml == 0
    strip = lambda text: [line.split(",")[:10] for line in text.splitlines()]  # noqa: E731 (locations differ)
    assert strip(from_json) == strip(from_yaml)


def test_nothing_to_analyse_is_exit_2(capsys):
    code, _, err = run(capsys, "matrix")
    assert code == 2 and "nothing to analyse" in err
