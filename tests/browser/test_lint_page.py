"""``policykit lint --format html`` opened in a real Chromium: the page is the JSON output, drawn."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "deployment.yaml"


def policykit(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policykit.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def example_outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("lint-html")
    page = out / "lint.html"
    html = policykit("lint", str(EXAMPLE.relative_to(ROOT)), "--format", "html", "-o", str(page))
    assert html.returncode == 1, html.stderr
    listed = policykit("lint", str(EXAMPLE.relative_to(ROOT)), "--format", "json")
    findings = json.loads(listed.stdout)
    findings = findings["findings"] if isinstance(findings, dict) else findings
    assert findings, "the example cloud carries seeded findings"
    return page, findings


def test_counts_and_rows_equal_the_json_output(example_outputs, open_page):
    page_file, findings = example_outputs
    opened = open_page(page_file)
    page = opened.page
    assert [entry for entry in opened.console if entry[0] in ("error", "pageerror")] == []
    assert all(url.startswith("file://") for url in opened.requests), opened.requests
    cards = {label: int(number) for number, label in
             page.eval_on_selector_all(".summary .card", "cards => cards.map(c => [c.querySelector('.n').textContent, c.querySelector('.l').textContent])")}
    for severity, label in (("error", "errors"), ("warning", "warnings"), ("info", "info")):
        assert cards[label] == sum(1 for f in findings if f["severity"] == severity)
    rows = page.eval_on_selector_all("tr.finding", "rows => rows.map(r => [r.dataset.severity, r.querySelector('.code-link').textContent])")
    assert sorted(code for _, code in rows) == sorted(f["code"] for f in findings)
    files = page.eval_on_selector_all("details.file > summary .mono", "nodes => nodes.map(n => n.textContent)")
    assert sorted(files) == sorted({f["path"] for f in findings})


def test_severity_and_text_filters_change_what_is_visible(example_outputs, open_page):
    page_file, findings = example_outputs
    page = open_page(page_file).page
    visible = "rows => rows.filter(r => r.offsetParent !== null).map(r => r.querySelector('.code-link').textContent)"
    page.uncheck("input[data-filter-severity=error]")
    shown = page.eval_on_selector_all("tr.finding", visible)
    assert sorted(shown) == sorted(f["code"] for f in findings if f["severity"] != "error")
    page.check("input[data-filter-severity=error]")
    code = findings[0]["code"]
    page.fill("input[data-filter=text]", code.lower())
    shown = page.eval_on_selector_all("tr.finding", visible)
    assert shown and set(shown) == {code}


def test_code_link_opens_the_rule_documentation(example_outputs, open_page):
    page_file, findings = example_outputs
    page = open_page(page_file).page
    code = findings[0]["code"]
    page.click(f"tr.finding .code-link:text-is('{code}')")
    assert page.is_visible("#panel")
    documentation = policykit("rule", code).stdout
    panel = page.inner_text("#panel .rule-doc")
    assert "## What it does" in panel and "## Why is this bad?" in panel
    # The page embeds the documentation `policykit rule CODE` prints (after its header lines).
    body = documentation.split("\n\n", 2)[2]
    assert [line.strip() for line in body.splitlines() if line.strip()] == \
        [line.strip() for line in panel.splitlines() if line.strip()]


def test_source_line_marks_the_column(example_outputs, open_page):
    page_file, findings = example_outputs
    page = open_page(page_file).page
    marked = page.eval_on_selector_all("tr.finding", "rows => rows.map(r => { const m = r.querySelector('pre.source mark'); return m && m.textContent; })")
    for finding, mark in zip(sorted(findings, key=lambda f: (f["path"], f["line"] or 0, f["column"] or 0, f["code"])), marked):
        if finding["line"] is None or mark is None:
            continue
        line = (ROOT / finding["path"]).read_text(encoding="utf-8").splitlines()[finding["line"] - 1]
        assert line[finding["column"] - 1:].startswith(mark) or mark == " "


def test_screenshot_of_the_page(example_outputs, open_page, tmp_path):
    page_file, _ = example_outputs
    page = open_page(page_file).page
    shot = tmp_path / "lint.png"
    page.screenshot(path=str(shot), full_page=True)
    size = shot.stat().st_size
    assert 10_000 < size < 5_000_000


HOSTILE = [
    "<script>window.__pwned = 1</script>",
    "</script><script>window.__pwned = 2</script>",
    "<img src=x onerror=\"window.__pwned = 3\">",
    "\"'><svg onload=window.__pwned=4>",
    "\u2028</SCRIPT >\u2029",
]


def test_hostile_names_run_no_script(tmp_path, open_page):
    policy = tmp_path / "policy.yaml"
    lines = [f"{json.dumps(name)}: {json.dumps('rol:' + name)}" for name in HOSTILE]
    policy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page_file = tmp_path / "lint.html"
    result = policykit("lint", str(policy), "--format", "html", "-o", str(page_file), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    opened = open_page(page_file)
    page = opened.page
    assert page.evaluate("window.__pwned") is None
    assert [entry for entry in opened.console if entry[0] in ("error", "pageerror", "dialog")] == []
    text = page.inner_text("#main")
    for name in HOSTILE[:4]:
        assert name in text  # shown as text, not interpreted
    assert page.eval_on_selector_all("script", "s => s.length") == 2  # the data and the page's own script


def test_an_unreadable_file_is_not_shown_as_clean(tmp_path, open_page):
    (tmp_path / "good.yaml").write_text('"a": "role:admin"\n', encoding="utf-8")
    (tmp_path / "broken.yaml").write_text('"a": "role:admin"\n"b": [unclosed\n', encoding="utf-8")
    page_file = tmp_path / "lint.html"
    result = policykit("lint", "good.yaml", "broken.yaml", "--format", "html", "-o", str(page_file), cwd=tmp_path)
    assert result.returncode == 2
    listed = json.loads(policykit("lint", "good.yaml", "broken.yaml", "--format", "json", cwd=tmp_path).stdout)
    unusable = [f for f in listed if f["code"] == "PK004"]
    assert [f["path"] for f in unusable] == ["broken.yaml"]
    page = open_page(page_file).page
    notes = page.eval_on_selector_all("#notes .note-error", "ns => ns.map(n => n.textContent)")
    assert notes == ["broken.yaml: could not be linted (PK004)"]
    rows = page.eval_on_selector_all("tr.finding", "rows => rows.map(r => [r.querySelector('.code-link').textContent, r.cells[0].textContent])")
    assert ["PK004", f"{unusable[0]['line']}:{unusable[0]['column']}"] in [list(row) for row in rows]
    assert page.query_selector(".clean") is None
