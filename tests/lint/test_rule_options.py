"""Rule options: ``[tool.policykit.rules.CODE]`` (or ``[rules.CODE]`` in .policykit.toml),
checked against what the rule declares, documented under its ``## Options``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykit.cli import main
from policykit.rules import OPTIONS_TITLE, all_rules, find_rule

DEPLOYMENT = """\
version: 1
services:
  - {type: compute, name: nova, port: 8774, policy: nova-policy.yaml}
  - {type: object-store, name: swift, port: 8080}
identity:
  roles: [admin, member, auditor, ResellerAdmin, SwiftOperator]
"""
POLICY = '"os_compute_api:servers:create": "role:member"\n"os_compute_api:servers:delete": "role:admin"\n'


@pytest.fixture
def cloud(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "deployment.yaml").write_text(DEPLOYMENT)
    (tmp_path / "nova-policy.yaml").write_text(POLICY)
    return tmp_path


def unused_roles(capsys, *args: str) -> tuple[int, list[str], str]:
    code = main(["lint", "--format", "json", "--select", "PL502", *args, "deployment.yaml"])
    out, err = capsys.readouterr()
    subjects = [record["subject"] for record in json.loads(out)] if code in (0, 1) else []
    return code, subjects, err


def test_without_options_every_unused_role_is_reported(cloud, capsys):
    code, roles, _ = unused_roles(capsys)
    assert code == 0 and roles == ["auditor", "ResellerAdmin", "SwiftOperator"]  # PL502 is info


def test_ignore_roles_in_pyproject_keeps_roles_used_outside_policy_files_quiet(cloud, capsys):
    (cloud / "pyproject.toml").write_text('[tool.policykit.rules.PL502]\nignore-roles = ["reselleradmin", "Swift*"]\n')
    _, roles, _ = unused_roles(capsys)
    assert roles == ["auditor"]


def test_a_rule_is_named_by_its_name_as_well_in_policykit_toml(cloud, capsys):
    (cloud / ".policykit.toml").write_text('[rules.unused-role]\nignore-roles = ["auditor"]\n')
    _, roles, _ = unused_roles(capsys)
    assert roles == ["ResellerAdmin", "SwiftOperator"]


@pytest.mark.parametrize(("table", "message", "line"), [
    ('[tool.policykit.rules.PL502]\nignore-role = ["x"]\n',
     "PL502 (unused-role) has no option 'ignore-role'; did you mean 'ignore-roles'?", 2),
    ('[tool.policykit.rules.PL502]\nignore-roles = "auditor"\n',
     "PL502 option 'ignore-roles' must be a list of strings, not 'auditor'", 2),
    ('[tool.policykit]\nselect = ["PL"]\n\n[tool.policykit.rules.PL5022]\nignore-roles = []\n',
     "rules.PL5022: unknown rule code or name; did you mean PL502?", 4),
    ('[tool.policykit.rules.PL101]\nstrict = true\n', "PL101 (unparsable-rule) has no option 'strict'; it has none", 2),
    ('[tool.policykit]\nrules = ["PL502"]\n', "rules must be a table", 2),
])
def test_a_bad_option_is_a_clear_configuration_error(cloud, capsys, table, message, line):
    (cloud / "pyproject.toml").write_text(table)
    code, _, err = unused_roles(capsys)
    assert code == 2
    assert f"pyproject.toml:{line}" in err and message in err
    assert "Traceback" not in err


def test_policykit_rule_prints_the_options(capsys):
    assert main(["rule", "PL502"]) == 0
    out = capsys.readouterr().out
    assert "## Options" in out and "`ignore-roles`" in out
    assert main(["rule", "PL502", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["options"] == {"ignore-roles": []}


def test_every_declared_option_is_documented_and_only_declared_ones():
    for rule in all_rules():
        section = rule.sections.get(OPTIONS_TITLE, "")
        if not rule.conf:
            assert not section, f"{rule.code} documents options it does not declare"
            continue
        for option in rule.conf:
            assert f"`{option}`" in section, f"{rule.code}: option {option!r} is not under '## {OPTIONS_TITLE}'"


def test_the_documented_configuration_is_accepted(tmp_path, monkeypatch):
    from policykit.lint.config import parse_config

    for rule in all_rules():
        for example in rule.examples(OPTIONS_TITLE):
            path = tmp_path / example.filename
            path.write_text(example.text)
            config = parse_config(path, all_rules())
            assert set(config.rule_options) == {rule.code}
            assert set(config.rule_options[rule.code]) <= set(rule.conf)


def test_a_rule_sees_its_defaults_updated_by_the_configuration():
    rule = find_rule("PL502")
    assert rule.options() == {"ignore-roles": []}
    assert rule.options({"ignore-roles": ["x"]}) == {"ignore-roles": ["x"]}


def test_rule_index_is_the_rule_modules(monkeypatch):
    from policykit.docs import index_path, modules_catalogue
    from policykit.rules import render_index

    assert Path(index_path()).read_text(encoding="utf-8") == render_index(modules_catalogue()), \
        "policykit/rule_index.py is stale: run `python -m policykit.docs`"
