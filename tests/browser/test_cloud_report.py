"""``policykit report DEPLOYMENT -o report.html`` opened in a real Chromium.

The per-service table at the top must carry the numbers the other commands print as
JSON for the same cloud: lint findings per service, matrix rows per service, and the
gains and losses of an upgrade diff.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_lint_page import ROOT, policykit

DATA = ROOT / "tests" / "analysis" / "data"


def summary_rows(page) -> dict[str, dict[str, str]]:
    return {row[0]: dict(row[1]) for row in page.eval_on_selector_all(
        "table.service-summary tbody tr",
        "rows => rows.map(r => [r.dataset.service, [...r.querySelectorAll('td')].map(td => [td.dataset.label, td.textContent])])")}


def test_example_cloud_report(tmp_path, open_page):
    page_file = tmp_path / "report.html"
    result = policykit("report", "examples/deployment.yaml", "-o", str(page_file))
    assert result.returncode == 0, result.stderr
    opened = open_page(page_file)
    assert [entry for entry in opened.console if entry[0] in ("error", "pageerror", "dialog")] == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests
    page = opened.page
    rows = summary_rows(page)
    findings = json.loads(policykit("lint", "examples/deployment.yaml", "--format", "json").stdout)
    findings = findings["findings"] if isinstance(findings, dict) else findings
    for severity, label in (("error", "errors"), ("warning", "warnings"), ("info", "info")):
        assert sum(int(row[label]) for row in rows.values()) == sum(1 for f in findings if f["severity"] == severity)
    matrices = json.loads(policykit("matrix", "examples/deployment.yaml", "--format", "json").stdout)
    for matrix in matrices["matrices"]:
        assert int(rows[matrix["service"]]["actions"]) == len(matrix["rows"])
        assert int(rows[matrix["service"]]["personas"]) == len(matrix["columns"])
    # Services that were not analysed say so, at the top of the page.
    notes = page.eval_on_selector_all("#notes .note", "ns => ns.map(n => n.textContent)")
    assert sorted(note.split(":")[0] for note in notes) == sorted(s.split(":")[0] for s in matrices["skipped"])
    # Findings stand under the service that lists their file.
    for service in ("keystone", "nova", "glance"):
        listed = page.eval_on_selector_all(f"section.view-findings[data-service='{service}'] details.file > summary .mono",
                                           "nodes => nodes.map(n => n.textContent)")
        assert all(service in path for path in listed), (service, listed)


def test_report_with_an_upgrade_diff(tmp_path, open_page):
    for name in ("compute-old.json", "compute-new.json", "compute-overrides.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    (tmp_path / "deployment.yaml").write_text("""\
version: 1
cloud: upgrade
regions: [{id: RegionOne, hosts: {public: api.example.com, internal: controller}}]
services:
  - {type: compute, name: nova, port: 8774, policy: compute-overrides.yaml, defaults: compute-new.json}
identity:
  domains: [{name: Default, id: default}]
  projects: [{name: demo, domain: Default}, {name: other, domain: Default}]
  roles: [admin, member, reader]
  users: [{name: alice, domain: Default}, {name: rita, domain: Default}, {name: root, domain: Default}]
  assignments:
    - {user: alice, role: member, project: demo}
    - {user: rita, role: reader, project: demo}
    - {user: root, role: admin, system: all}
""", encoding="utf-8")
    page_file = tmp_path / "report.html"
    result = policykit("report", "deployment.yaml", "-o", str(page_file), "--old-defaults", "nova=compute-old.json",
                       cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    diff = json.loads(policykit("diff", "compute-overrides.yaml", "--old-defaults", "compute-old.json",
                                "--new-defaults", "compute-new.json", "--deployment", "deployment.yaml", "--service", "nova",
                                "--format", "json", "--fail-on", "none", cwd=tmp_path).stdout)
    assert diff["summary"]["gains"] or diff["summary"]["losses"]
    page = open_page(page_file).page
    nova = summary_rows(page)["nova"]
    assert int(nova["gains (security)"]) == diff["summary"]["gains"]
    assert int(nova["losses (breakage)"]) == diff["summary"]["losses"]
    assert page.eval_on_selector_all("section.view-diff details.diff-action", "ds => ds.length") == len(diff["actions"])


def test_report_refuses_a_diff_without_current_defaults(tmp_path):
    result = policykit("report", "examples/deployment.yaml", "-o", str(tmp_path / "r.html"),
                       "--old-defaults", f"nova={DATA / 'compute-old.json'}")
    assert result.returncode == 2
    assert "no current defaults for nova" in result.stderr and "--new-defaults nova=FILE" in result.stderr
    assert not (tmp_path / "r.html").exists()
