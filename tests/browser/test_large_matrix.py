"""A matrix of 1,500 actions × 20 personas: the page draws every cell and its filters work.

The time to first render is measured and printed (``-s`` shows it; benchmarks/bench_html.py
reports it properly) — never asserted, as timing depends on the machine.
"""

from __future__ import annotations

import json
from pathlib import Path

from test_lint_page import policykit

ACTIONS, PERSONAS = 1500, 20


def write_cloud(folder: Path) -> Path:
    rules = {"admin": "role:admin"}
    for i in range(ACTIONS):
        rules[f"svc:res{i // 25}:act{i}"] = f"(role:r{i % PERSONAS} and project_id:%(project_id)s) or rule:admin"
    (folder / "policy.json").write_text(json.dumps(rules), encoding="utf-8")
    deployment = {
        "version": 1, "cloud": "large",
        "regions": [{"id": "RegionOne", "hosts": {"public": "api.example.com", "internal": "controller"}}],
        "services": [{"type": "compute", "name": "nova", "port": 8774, "policy": "policy.json"}],
        "identity": {
            "domains": [{"name": "Default", "id": "default"}],
            "projects": [{"name": f"p{i}", "domain": "Default"} for i in range(3)],
            "roles": ["admin"] + [f"r{i}" for i in range(PERSONAS)],
            "users": [{"name": f"u{i}", "domain": "Default"} for i in range(PERSONAS)],
            "assignments": [{"user": f"u{i}", "role": f"r{i}", "project": f"p{i % 3}"} for i in range(PERSONAS)],
        },
    }
    path = folder / "deployment.yaml"
    path.write_text(json.dumps(deployment), encoding="utf-8")
    return path


def test_large_matrix_draws_every_cell(tmp_path, open_page):
    deployment = write_cloud(tmp_path)
    result = policykit("matrix", str(deployment), "--format", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page_file = tmp_path / "matrix.html"
    page_file.write_text(result.stdout, encoding="utf-8")
    opened = open_page(page_file)
    page = opened.page
    rendered_ms = float(page.evaluate("Number(document.body.dataset.rendered)"))
    print(f"\n1,500 × 20 matrix page: rendered {rendered_ms:.0f} ms after navigation start")
    assert page.eval_on_selector_all("td.cell", "cells => cells.length") == ACTIONS * PERSONAS
    # Each action is allowed to exactly one of the 20 roles (own project) and to nobody else.
    assert page.eval_on_selector_all("td.cell[data-value=own]", "cells => cells.length") == ACTIONS
    page.fill("input[data-filter=action]", "act1499")
    visible = page.eval_on_selector_all("tr.action", "rows => rows.filter(r => r.offsetParent !== null).length")
    assert visible == 1
    assert [entry for entry in opened.console if entry[0] in ("error", "pageerror")] == []
