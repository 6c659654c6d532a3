"""``matrix``, ``diff`` and ``test`` with ``--format html`` opened in a real Chromium.

Each page must show the numbers of the command's own JSON output, filter what it shows,
and run without console errors or requests.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from test_lint_page import ROOT, policykit

DEFAULTS_OLD = {"admin": "role:admin", "images:get": "role:reader or rule:admin",
                "images:delete": "role:admin", "images:share": "role:admin"}
DEFAULTS_NEW = {"admin": "role:admin", "images:get": "role:reader or rule:admin",
                "images:delete": "role:member", "images:share": "role:admin and project_id:%(project_id)s"}


def run_both(tmp_path: Path, name: str, *args: str):
    """The JSON output and the HTML page of one command line."""
    listed = policykit(*args, "--format", "json")
    assert listed.returncode in (0, 1), listed.stderr
    page = tmp_path / f"{name}.html"
    drawn = policykit(*args, "--format", "html")
    assert drawn.returncode == listed.returncode, drawn.stderr
    page.write_text(drawn.stdout, encoding="utf-8")
    return json.loads(listed.stdout), page


def no_trouble(opened) -> None:
    assert [entry for entry in opened.console if entry[0] in ("error", "pageerror", "dialog")] == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests


def test_matrix_page_cells_equal_the_json(tmp_path, open_page):
    data, page_file = run_both(tmp_path, "matrix", "matrix", "examples/deployment.yaml")
    opened = open_page(page_file)
    no_trouble(opened)
    page = opened.page
    expected = Counter(cell["verdict"] for matrix in data["matrices"] for row in matrix["rows"] for cell in row["cells"])
    shown = Counter(page.eval_on_selector_all("td.cell", "cells => cells.map(c => c.dataset.value)"))
    assert shown == expected
    headers = page.eval_on_selector_all("table.matrix thead th[data-col]", "ths => ths.map(th => th.firstChild.textContent)")
    assert headers == [column["label"] for matrix in data["matrices"] for column in matrix["columns"]]
    # Every cell has a symbol as well as a colour.
    assert all(page.eval_on_selector_all("td.cell", "cells => cells.map(c => c.textContent.trim().length > 0)"))


def test_matrix_filters_and_cell_panel(tmp_path, open_page):
    data, page_file = run_both(tmp_path, "matrix", "matrix", "examples/deployment.yaml")
    page = open_page(page_file).page
    visible_rows = "rows => rows.filter(r => r.offsetParent !== null).map(r => r.querySelector('th').textContent)"
    actions = [row["action"] for matrix in data["matrices"] for row in matrix["rows"]]
    # Each service's matrix has its own filters.
    for box in page.locator("input[data-filter=action]").all():
        box.fill("servers:create")
    assert set(page.eval_on_selector_all("tr.action", visible_rows)) == {a for a in actions if "servers:create" in a}
    for box in page.locator("input[data-filter=action]").all():
        box.fill("")
    for box in page.locator("input[data-filter=differences]").all():
        box.check()
    differing = {row["action"] for matrix in data["matrices"] for row in matrix["rows"]
                 if len({cell["verdict"] for cell in row["cells"]}) > 1}
    assert set(page.eval_on_selector_all("tr.action", visible_rows)) == differing
    for box in page.locator("input[data-filter=differences]").all():
        box.uncheck()
    first = data["matrices"][0]
    persona = first["columns"][0]["label"]
    page.click("details.persona-filter > summary >> nth=0")
    page.uncheck(f"input[data-filter-persona='{persona}'] >> nth=0")
    assert not page.is_visible("table.matrix >> nth=0 >> thead th[data-col='0']")
    assert page.is_visible("table.matrix >> nth=0 >> thead th[data-col='1']")
    page.check(f"input[data-filter-persona='{persona}'] >> nth=0")
    page.click("tr.action td.cell >> nth=0")
    assert page.is_visible("#panel")
    row = first["rows"][0]
    panel = page.inner_text("#panel")
    assert row["action"] in panel and row["rule"]["text"] in panel
    assert row["cells"][0]["branches"]["own"] in panel
    assert row["rule"]["location"] in panel


def test_diff_page_counts_gains_first(tmp_path, open_page):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(DEFAULTS_OLD))
    new.write_text(json.dumps(DEFAULTS_NEW))
    data, page_file = run_both(tmp_path, "diff", "diff", str(old), str(new), "--fail-on", "none")
    opened = open_page(page_file)
    no_trouble(opened)
    page = opened.page
    cards = dict(page.eval_on_selector_all(".summary .card", "cs => cs.map(c => [c.querySelector('.l').textContent, c.querySelector('.n').textContent])"))
    assert int(cards["gains (security)"]) == data["summary"]["gains"] > 0
    assert int(cards["losses (breakage)"]) == data["summary"]["losses"] > 0
    order = page.eval_on_selector_all("details.diff-action", "ds => ds.map(d => d.dataset.kinds)")
    first_loss_only = next(i for i, kinds in enumerate(order) if "gain" not in kinds)
    assert all("gain" in kinds for kinds in order[:first_loss_only])
    assert not any("gain" in kinds for kinds in order[first_loss_only:])
    gains = sum(1 for change in (c for a in data["actions"] for c in a["changes"]) if change["kind"] == "gain")
    assert page.eval_on_selector_all("tr.change[data-kind=gain]", "rows => rows.length") == gains
    page.uncheck("input[data-filter-kind=loss]")
    page.uncheck("input[data-filter-kind=none]")
    shown = page.eval_on_selector_all("details.diff-action", "ds => ds.filter(d => d.offsetParent !== null).map(d => d.querySelector('summary .mono').textContent)")
    assert set(shown) == {a["action"] for a in data["actions"] if a["gains"]}


def test_coverage_page_marks_what_no_case_decided(open_page, tmp_path):
    data, page_file = run_both(tmp_path, "coverage", "test", "examples", "--coverage")
    opened = open_page(page_file)
    no_trouble(opened)
    page = opened.page
    cards = dict(page.eval_on_selector_all(".summary .card", "cs => cs.map(c => [c.querySelector('.l').textContent, c.querySelector('.n').textContent])"))
    assert cards["branch coverage"] == f"{data['coverage']['percent']}%"
    for file in data["coverage"]["files"]:
        for rule in file["rules"]:
            if rule["line"] is None or not rule["branches"]:
                continue
            state = page.get_attribute(f".cov-line[data-line='{rule['line']}']", "class")
            wanted = "cov-covered" if rule["covered"] >= rule["branches"] else "cov-partial" if rule["covered"] else "cov-uncovered"
            assert wanted in state, (rule["name"], state)
    page.check("input[data-filter=uncovered]")
    visible = page.eval_on_selector_all(".cov-line", "ls => ls.filter(l => l.offsetParent !== null).map(l => l.dataset.rule)")
    assert set(visible) == {rule["name"] for file in data["coverage"]["files"] for rule in file["rules"]
                            if rule["line"] is not None and rule["branches"] and rule["covered"] < rule["branches"]}


def test_a_failed_case_is_shown_before_coverage(open_page, tmp_path):
    example = (ROOT / "examples" / "nova_policytest.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "examples"
    broken.mkdir()
    for name in ("deployment.yaml", "policies", "conf", "paste"):
        (broken / name).symlink_to(ROOT / "examples" / name)
    (broken / "nova_policytest.yaml").write_text(example.replace("expect: allow", "expect: deny", 1), encoding="utf-8")
    result = policykit("test", str(broken), "--format", "html")
    assert result.returncode == 1
    page_file = tmp_path / "failed.html"
    page_file.write_text(result.stdout, encoding="utf-8")
    data = json.loads(policykit("test", str(broken), "--format", "json").stdout)
    failed = [case["location"] for file in data["files"] for case in file["cases"] if not case["passed"]]
    assert failed and data["summary"]["failed"] == len(failed)
    page = open_page(page_file).page
    shown = page.eval_on_selector_all("tr.case-failed", "rows => rows.map(r => r.querySelector('td').textContent)")
    assert shown == failed
    cards = dict(page.eval_on_selector_all(".summary .card", "cs => cs.map(c => [c.querySelector('.l').textContent, c.querySelector('.n').textContent])"))
    assert cards["cases failed"] == str(len(failed))
