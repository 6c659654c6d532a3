"""``--symbolic`` verdicts on the HTML pages of ``matrix`` and ``diff``, in a real Chromium.

The page must show what the JSON says: the "any request?" column of the matrix (some
request can / proved nobody / unknown, with the witness or the reason in the cell), and
on the diff each action's symbolic verdict with its reason or replay command, plus the
count of unknown answers.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from test_analysis_pages import no_trouble, run_both

pytest.importorskip("z3")

RULES = {"a:nobody": "role:x and not role:X", "a:auditor": "role:auditor", "a:from-target": "role:%(r)s"}


def test_matrix_page_shows_the_any_request_column(tmp_path, open_page):
    (tmp_path / "p.json").write_text(json.dumps(RULES))
    data, page_file = run_both(tmp_path, "matrix", "matrix", str(tmp_path / "p.json"), "--symbolic")
    opened = open_page(page_file)
    no_trouble(opened)
    page = opened.page
    headers = page.eval_on_selector_all("table.matrix thead th[data-col]", "ths => ths.map(th => th.firstChild.textContent)")
    assert headers[-1] == "any request?"
    expected = Counter({"new-access": "someone", "same": "nobody", "unknown": "unknown"}[row["symbolic"]["status"]]
                       for row in data["rows"])
    last = page.eval_on_selector_all("table.matrix tbody tr.action", "rows => rows.map(r => r.lastElementChild.dataset.value)")
    assert Counter(last) == expected == Counter({"someone": 1, "nobody": 1, "unknown": 1})


def test_diff_page_shows_each_verdict_and_the_unknown_count(tmp_path, open_page):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps({"a:auditor": "role:admin", "a:from-target": "role:admin"}))
    new.write_text(json.dumps({"a:auditor": "role:admin or role:auditor", "a:from-target": "role:admin or role:%(r)s"}))
    data, page_file = run_both(tmp_path, "diff", "diff", str(old), str(new), "--symbolic", "--fail-on", "none")
    opened = open_page(page_file)
    no_trouble(opened)
    page = opened.page
    cards = dict(page.eval_on_selector_all(".summary .card", "cs => cs.map(c => [c.querySelector('.l').textContent, c.querySelector('.n').textContent])"))
    assert int(cards["unknown (symbolic)"]) == data["summary"]["unknown"] == 1
    boxes = page.eval_on_selector_all("div.symbolic", "bs => bs.map(b => b.textContent)")
    assert any("new-access" in box and "policykit eval --role=auditor" in box for box in boxes), boxes
    assert any("unknown" in box and "role name taken from the target" in box for box in boxes), boxes
