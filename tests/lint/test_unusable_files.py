"""A file that cannot be linted is an error finding (PK004) in every format, and exit code 2.

The position a finding gives is where PyYAML — the parser oslo.policy loads policy files
with — reports the syntax error, and oslo.policy itself refuses the same text.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from oslo_policy import policy as oslo_policy

from policykit.cli import main

SCHEMA = json.loads((Path(__file__).parents[1] / "report" / "data" / "sarif-schema-2.1.0.json").read_text())
BROKEN = '"compute:start": "role:admin"\n"compute:stop": [unclosed\n"compute:list": "role:reader"\n'
BAD = '"compute:start": "rol:admin"\n'  # PL102 (error)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.yaml").write_text(BROKEN)
    (tmp_path / "bad.yaml").write_text(BAD)
    (tmp_path / "good.yaml").write_text('"default": "!"\n"compute:start": "role:admin"\n')
    return tmp_path


def lint(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["lint", "--isolated", *args])
    out, err = capsys.readouterr()
    return code, out, err


def oracle_position(text: str) -> tuple[int, int]:
    """Line and column (1-based) of the error oslo.policy's YAML loader stops at."""
    with pytest.raises(ValueError):
        oslo_policy.parse_file_contents(text)  # the service cannot load it either
    try:
        yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        return mark.line + 1, mark.column + 1
    raise AssertionError("PyYAML accepted the text")


def test_text_formats_show_the_file_at_its_error_and_never_say_all_passed(workdir, capsys):
    line, column = oracle_position(BROKEN)
    for style in ("text", "concise", "full"):
        code, out, _ = lint(capsys, "--format", style, "broken.yaml", "good.yaml")
        assert code == 2
        assert f"broken.yaml:{line}:{column}: PK004 [error] not linted: cannot parse broken.yaml" in out
        assert "All checks passed" not in out
        assert out.rstrip().splitlines()[-1].endswith("1 file could not be linted.")


def test_json_has_the_finding(workdir, capsys):
    line, column = oracle_position(BROKEN)
    code, out, _ = lint(capsys, "--format", "json", "broken.yaml")
    assert code == 2
    (record,) = json.loads(out)
    assert (record["code"], record["name"], record["severity"]) == ("PK004", "unusable-file", "error")
    assert (record["path"], record["line"], record["column"]) == ("broken.yaml", line, column)


def test_github_annotates_the_error_and_the_run(workdir, capsys):
    line, column = oracle_position(BROKEN)
    code, out, _ = lint(capsys, "--format", "github", "broken.yaml", "good.yaml")
    assert code == 2
    assert out.startswith(f"::error file=broken.yaml,line={line},col={column},title=PK004::not linted")
    assert "::error title=policykit::1 file could not be linted: broken.yaml" in out


def test_sarif_run_is_not_successful_and_says_why(workdir, capsys):
    line, column = oracle_position(BROKEN)
    code, out, _ = lint(capsys, "--format", "sarif", "broken.yaml", "good.yaml")
    assert code == 2
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error" and notification["descriptor"] == {"id": "PK004"}
    region = notification["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (line, column)
    (result,) = run["results"]
    assert result["ruleId"] == "PK004" and result["level"] == "error"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "PK004"


def test_sarif_of_a_clean_run_is_successful(workdir, capsys):
    code, out, _ = lint(capsys, "--format", "sarif", "good.yaml")
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert code == 0 and log["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_exit_code_2_wins_over_findings_and_exit_zero(workdir, capsys):
    code, out, _ = lint(capsys, "bad.yaml", "broken.yaml")
    assert code == 2 and "PL102" in out and "PK004" in out
    code, _, _ = lint(capsys, "--exit-zero", "bad.yaml", "broken.yaml")
    assert code == 2


def test_no_selection_suppression_or_severity_hides_it(workdir, capsys):
    Path("pyproject.toml").write_text('[tool.policykit]\nignore = ["PK"]\n[tool.policykit.severity]\nPK004 = "info"\n'
                                      '[tool.policykit.per-file-ignores]\n"broken.yaml" = ["ALL"]\n')
    code = main(["lint", "--format", "json", "--select", "PL102", "broken.yaml"])
    out, _ = capsys.readouterr()
    assert code == 2 and [(r["code"], r["severity"]) for r in json.loads(out)] == [("PK004", "error")]


def test_a_baseline_never_accepts_it(workdir, capsys):
    code, _, _ = lint(capsys, "--write-baseline", "base.json", "broken.yaml", "bad.yaml")
    assert code == 2
    code, out, _ = lint(capsys, "--baseline", "base.json", "--format", "json", "broken.yaml", "bad.yaml")
    assert code == 2 and [r["code"] for r in json.loads(out)] == ["PK004"]


def test_an_unreadable_paste_file_is_a_finding_at_the_file(workdir, capsys):
    Path("api-paste.ini").write_bytes(b"[app:main]\nuse = egg:x\n\xff\n")
    code, out, _ = lint(capsys, "--format", "json", "api-paste.ini")
    (record,) = json.loads(out)
    assert code == 2 and record["code"] == "PK004" and record["path"] == "api-paste.ini"
    assert not record["message"].startswith("not linted: api-paste.ini: ")  # the path is the location, once


def test_a_deployment_that_cannot_be_read_is_unusable_input(workdir, capsys):
    Path("deployment.yaml").write_text("version: 1\nregions:\n  - id: RegionOne\n    hosts: {public: a\n")
    code, out, _ = lint(capsys, "deployment.yaml")
    assert code == 2 and "DP001 [error]" in out and "1 file could not be linted." in out
    code, out, _ = lint(capsys, "--format", "sarif", "deployment.yaml")
    invocation = json.loads(out)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["descriptor"] == {"id": "DP001"}


def test_a_file_of_no_known_kind_is_never_all_passed_even_when_pk002_is_ignored(workdir, capsys):
    Path("notes.txt").write_text("compute:start is admin only\n")
    code, out, _ = lint(capsys, "--ignore", "PK002", "notes.txt", "good.yaml")
    assert code == 0 and "All checks passed" not in out
    assert out.strip() == "No findings. 1 file named is of no known kind and not linted."
