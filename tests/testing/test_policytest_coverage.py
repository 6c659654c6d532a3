"""Coverage against coverage worked out by hand, and read back by real coverage consumers."""

from __future__ import annotations

import json
from pathlib import Path

import junitparser
import pytest
from lxml import etree

from policytest_oracle import EXAMPLES, run_cli

DTD = Path(__file__).parent / "data" / "coverage-04.dtd"

POLICY = """\
"admin": "role:admin"
"a": "role:x or (role:y and project_id:%(project_id)s)"
"b": "rule:c or rule:admin"
"c": "role:z"
"n": "not role:banned and @"
"never": "role:q"
"""

TESTS = """\
state:
  policy: p.yaml
cases:
  - creds: {roles: [x], project_id: p1}
    target: {project_id: p1}
    allow: [a, n]
  - creds: {roles: [y], project_id: p1}
    target: {project_id: p2}
    deny: [a, b]
  - creds: {roles: [banned]}
    deny: [n]
"""

# Worked out by hand from the definition (a leaf branch is covered when that leaf, with
# that value, fixed its rule's outcome in some case):
#   case 1, a: role:x true, or short-circuits              → a.role:x T
#   case 2, a: role:x false; and: role:y true, project false → a.role:x F, a.project F
#                (role:y was true but the and failed on project: not decisive)
#   case 2, b: or false, every child decisive              → b.rule:c F, b.rule:admin F
#                and through rule: → c.role:z F, admin.role:admin F   (c reached only via rule:)
#   case 1, n: not role:banned → role:banned F, @ T        → n.role:banned F, n.@ T
#   case 3, n: and short-circuits on not → role:banned T  → n.role:banned T
EXPECTED = {
    "admin": (1, {"role:admin": [False]}),
    "a": (2, {"role:x": [True, False], "role:y": [], "project_id:%(project_id)s": [False]}),
    "b": (1, {"rule:c": [False], "rule:admin": [False]}),
    "c": (1, {"role:z": [False]}),
    "n": (2, {"role:banned": [True, False], "@": [True]}),
    "never": (0, {"role:q": []}),
}
BRANCHES = 2 + 6 + 4 + 2 + 3 + 2  # "@" can only be true: one branch
COVERED = 1 + 3 + 2 + 1 + 3 + 0


@pytest.fixture
def project(tmp_path):
    (tmp_path / "p.yaml").write_text(POLICY)
    (tmp_path / "p_policytest.yaml").write_text(TESTS)
    return tmp_path


def test_coverage_equals_the_hand_computed_one(project, capsys):
    code, out, _ = run_cli(capsys, project, "--coverage", "--format", "json")
    assert code == 0
    coverage = json.loads(out)["coverage"]
    assert (coverage["branches"], coverage["branches_covered"]) == (BRANCHES, COVERED)
    rules = {rule["name"]: rule for rule in coverage["files"][0]["rules"]}
    for name, (evaluated, leaves) in EXPECTED.items():
        assert rules[name]["evaluated"] == evaluated, name
        got = {leaf["check"]: [v for v, key in ((True, "decisive_true"), (False, "decisive_false")) if leaf[key]]
               for leaf in rules[name]["leaves"]}
        assert got == leaves, name


def test_text_names_each_uncovered_branch_at_its_column(project, capsys):
    code, out, _ = run_cli(capsys, project, "--coverage")
    policy = project / "p.yaml"
    assert code == 0
    assert f"coverage: {COVERED}/{BRANCHES} branches" in out
    assert f"{policy}:2:18: a: role:y never decided true or false" in out
    assert f"{policy}:6: never: never evaluated" in out
    assert f"{policy}:1:11: admin: role:admin never decided true" in out


@pytest.mark.parametrize("threshold, code", [(50, 0), (COVERED * 100 / BRANCHES, 0), (75, 1)])
def test_fail_under(project, capsys, threshold, code):
    got, _, err = run_cli(capsys, project, "--fail-under", threshold)
    assert got == code
    assert ("below --fail-under" in err) is (code == 1)


def test_registered_defaults_no_case_reached_are_listed(tmp_path, capsys):
    defaults = {"rules": [{"name": "svc:get", "check_str": "role:reader"},
                          {"name": "svc:delete", "check_str": "role:admin"},
                          {"name": "a", "check_str": "role:ignored"}]}
    (tmp_path / "defaults.json").write_text(json.dumps(defaults))
    (tmp_path / "p.yaml").write_text('"a": "role:x"\n')
    (tmp_path / "s_policytest.yaml").write_text(
        "state: {policy: p.yaml, defaults: defaults.json}\ncases:\n  - creds: {roles: [reader]}\n"
        "    allow: [svc:get]\n    deny: [a]\n")
    code, out, _ = run_cli(capsys, tmp_path, "--coverage", "--format", "json")
    defaults_cov = json.loads(out)["coverage"]["registered_defaults"]
    assert code == 0 and defaults_cov == {"total": 2, "reached": 1, "unreached": ["svc:delete"]}


def test_cobertura_is_valid_against_its_dtd_and_read_by_pycobertura(project, capsys, monkeypatch):
    from pycobertura import Cobertura

    monkeypatch.chdir(project)
    code, _, _ = run_cli(capsys, ".", "--coverage-xml", "coverage.xml")
    assert code == 0
    dtd = etree.DTD(str(DTD))
    assert dtd.validate(etree.parse("coverage.xml")), dtd.error_log.filter_from_errors()
    report = Cobertura("coverage.xml")
    assert report.files() == ["p.yaml"]
    assert report.branch_rate() == pytest.approx(COVERED / BRANCHES, abs=1e-4)
    # line 6 ("never") was never evaluated; line 5 ("n") is fully covered; the others left a branch
    assert dict(report.missed_lines("p.yaml")) == {1: "partial", 2: "partial", 3: "partial", 4: "partial",
                                                   6: "miss"}


def test_lcov_is_read_by_lcov_cobertura(project, capsys):
    from lcov_cobertura import LcovCobertura

    lcov = project / "coverage.info"
    code, _, _ = run_cli(capsys, project, "--coverage-lcov", lcov)
    assert code == 0
    parsed = LcovCobertura(lcov.read_text()).parse()
    (package,) = parsed["packages"].values()
    assert (package["branches-covered"], package["branches-total"]) == (COVERED, BRANCHES)
    assert (package["lines-covered"], package["lines-total"]) == (5, 6)
    (source,) = package["classes"].values()
    assert source["name"].endswith("p.yaml") and source["lines"][6]["hits"] == "0"
    assert {name: methods[1] for name, methods in source["methods"].items()} == {
        "admin": "1", "a": "2", "b": "1", "c": "1", "n": "2", "never": "0"}


def test_junit_xml_is_read_back_by_junitparser(project, capsys):
    tests = project / "p_policytest.yaml"
    tests.write_text(tests.read_text().replace("deny: [a, b]", "deny: [a]\n    allow: [b]"))
    junit = project / "junit.xml"
    code, _, _ = run_cli(capsys, project, "--junit-xml", junit)
    assert code == 1
    xml = junitparser.JUnitXml.fromfile(str(junit))
    (suite,) = list(xml)
    assert (suite.tests, suite.failures, suite.errors) == (5, 1, 0)
    (failed,) = [case for case in suite if not case.is_passed]
    assert failed.name == "creds@7 b on explicit target: expect allow"
    assert failed._elem.get("line") == "10"
    assert "b → DENY" in failed.result[0].text


def test_example_cloud_coverage_reaches_every_rule_but_the_default(capsys):
    code, out, _ = run_cli(capsys, EXAMPLES, "--coverage", "--format", "json")
    (file,) = json.loads(out)["coverage"]["files"]
    unevaluated = [rule["name"] for rule in file["rules"] if not rule["evaluated"]]
    assert code == 0 and unevaluated == ["default"]


def test_junit_marks_an_unusable_file_as_an_error(project, capsys):
    (project / "broken_policytest.yaml").write_text("cases: [\n")
    junit = project / "junit.xml"
    code, _, _ = run_cli(capsys, project, "--junit-xml", junit)
    assert code == 2
    suites = {suite.name: suite for suite in junitparser.JUnitXml.fromfile(str(junit))}
    broken = suites[str(project / "broken_policytest.yaml")]
    assert (broken.tests, broken.errors) == (1, 1)
    (case,) = list(broken)
    assert "broken_policytest.yaml:2:1" in case.result[0].text
