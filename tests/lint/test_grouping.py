"""Noise is grouped: one finding per file and rule for list syntax and redundant overrides,
one per service for admin endpoints, with every member still in JSON and SARIF.

Which overrides are redundant is decided by oslo.policy itself: a rule is redundant when
oslo's parsed text of the override equals that of the registered default (what
``oslopolicy-list-redundant`` compares).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from oslo_policy import _parser

from policykit.cli import main
from shared_corpus import CORPUS

SCHEMA = json.loads((Path(__file__).parents[1] / "report" / "data" / "sarif-schema-2.1.0.json").read_text())

LEGACY = {f"identity:rule_{n:02}": [["role:admin"], ["role:member"]] for n in range(12)}
LEGACY_FILE = json.dumps({"default": "!", **LEGACY, "identity:broken": "admin_required"}, indent=1) + "\n"  # + PL103

DEFAULT_RULES = [{"name": f"toy:action_{n}", "check_str": f"role:r{n} or role:admin"} for n in range(7)]
DEFAULTS = json.dumps({"namespace": "toy", "rules": DEFAULT_RULES + [{"name": "toy:other", "check_str": "role:x"}]})
OVERRIDES = "".join(f'"{r["name"]}": "(role:r{n} or role:admin)"\n' for n, r in enumerate(DEFAULT_RULES))
OVERRIDES += '"toy:other": "role:y"\n"default": "!"\n'

TWO_REGIONS = """\
version: 1
defaults:
  interfaces: [public, internal, admin]
regions:
  - {id: RegionOne, hosts: {public: one.example.com, internal: one, admin: one}}
  - {id: RegionTwo, hosts: {public: two.example.com, internal: two, admin: two}}
  - {id: RegionThree, hosts: {public: three.example.com, internal: three, admin: three}}
services:
  - {type: identity, name: keystone, port: 5000, path: /v3}
  - {type: image, name: glance, port: 9292}
  - {type: compute, name: nova, port: 8774, path: /v2.1}
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("policy.json").write_text(LEGACY_FILE)
    Path("defaults.json").write_text(DEFAULTS)
    Path("overrides.yaml").write_text(OVERRIDES)
    Path("deployment.yaml").write_text(TWO_REGIONS)
    return tmp_path


def lint(capsys, *args: str) -> tuple[int, str]:
    code = main(["lint", "--isolated", *args])
    return code, capsys.readouterr().out


def oslo_redundant(overrides: dict, defaults: list[dict]) -> list[str]:
    registered = {rule["name"]: str(_parser.parse_rule(rule["check_str"])) for rule in defaults}
    return [name for name, text in overrides.items()
            if name in registered and isinstance(text, str) and str(_parser.parse_rule(text)) == registered[name]]


def test_legacy_list_syntax_is_one_line_and_the_errors_stay_visible(workdir, capsys):
    code, out = lint(capsys, "policy.json")
    lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert sum("PL601" in line for line in lines) == 1
    (grouped,) = [line for line in lines if "PL601" in line]
    assert "12 rules use the legacy list syntax ('identity:rule_00', " in grouped and "and 7 more" in grouped
    assert any("PL103 [error]" in line for line in lines)
    assert "--fix` rewrites the 12" in out


def test_json_and_sarif_still_name_every_member(workdir, capsys):
    _, out = lint(capsys, "--format", "json", "policy.json")
    (group,) = [r for r in json.loads(out) if r["code"] == "PL601"]
    assert group["count"] == 12 and [m["subject"] for m in group["members"]] == sorted(LEGACY)
    assert all(m["code"] == "PL601" and m["line"] for m in group["members"])
    _, out = lint(capsys, "--format", "sarif", "policy.json")
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    (result,) = [r for r in log["runs"][0]["results"] if r["ruleId"] == "PL601"]
    assert len(result["relatedLocations"]) == 10  # what GitHub shows
    assert [m["subject"] for m in result["properties"]["members"]] == sorted(LEGACY)


def test_statistics_count_every_finding(workdir, capsys):
    _, out = lint(capsys, "--statistics", "policy.json")
    assert "12  PL601  [info]  [*] legacy-list-syntax" in out
    _, out = lint(capsys, "--statistics", "--format", "json", "policy.json")
    assert {"code": "PL601", "name": "legacy-list-syntax", "count": 12} in json.loads(out)


def test_fix_still_rewrites_every_member(workdir, capsys):
    lint(capsys, "--fix", "policy.json")
    assert all(isinstance(value, str) for value in json.loads(Path("policy.json").read_text()).values())


def test_verbose_lists_the_members_under_the_group(workdir, capsys):
    _, out = lint(capsys, "--verbose", "policy.json")
    assert sum(line.startswith("    policy.json:") and "PL601" in line for line in out.splitlines()) == 12


def test_redundant_overrides_are_one_warning_that_says_why_they_matter(workdir, capsys):
    expected = oslo_redundant(yaml.safe_load(OVERRIDES), json.loads(DEFAULTS)["rules"])
    assert len(expected) == 7
    code, out = lint(capsys, "--format", "json", "--defaults", "defaults.json", "overrides.yaml")
    (group,) = [r for r in json.loads(out) if r["code"] == "PL401"]
    assert code == 1 and group["severity"] == "warning"
    assert sorted(m["subject"] for m in group["members"]) == sorted(expected)
    assert "an upgrade's new defaults for these policies do not take effect" in group["message"]


def test_one_admin_endpoint_warning_per_service(workdir, capsys):
    _, out = lint(capsys, "--format", "json", "--select", "CT115", "deployment.yaml")
    records = json.loads(out)
    assert sorted(r["subject"] for r in records) == ["compute", "image"]
    assert all(r["count"] == 3 and "3 admin endpoints" in r["message"] for r in records)


def test_a_single_finding_is_not_a_group(workdir, capsys):
    Path("one.json").write_text('{"default": "!", "a": [["role:admin"]]}\n')
    _, out = lint(capsys, "--format", "json", "one.json")
    (record,) = json.loads(out)
    assert record["code"] == "PL601" and "count" not in record and record["subject"] == "a"


SAMPLES = ("keystone", "nova", "glance", "neutron")


@pytest.mark.skipif(CORPUS is None, reason="the shared corpus is absent")
@pytest.mark.parametrize("service", SAMPLES)
def test_upstream_uncommented_samples_have_no_error_and_one_grouped_warning(service, capsys, tmp_path, monkeypatch):
    sample = CORPUS / "policies" / f"{service}-2026-sample-uncommented.yaml"
    defaults = CORPUS / "defaults" / f"{service}.json"
    monkeypatch.chdir(tmp_path)
    code, out = lint(capsys, "--format", "json", "--defaults", str(defaults), str(sample))
    records = json.loads(out)
    assert [r for r in records if r["severity"] == "error"] == []
    (group,) = [r for r in records if r["code"] == "PL401"]
    assert group["severity"] == "warning"
    expected = oslo_redundant(yaml.safe_load(sample.read_text()), json.loads(defaults.read_text())["rules"])
    assert sorted(m["subject"] for m in group["members"]) == sorted(expected)
