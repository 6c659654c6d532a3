"""``policykit rule``: one rule's documentation, or the whole catalogue."""

import json
import subprocess
import sys

from policykit.cli import main
from policykit.docs import render_rules_markdown
from policykit.rules import SECTION_TITLES, all_rules


def run(capsys, *args):
    code = main(["rule", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_rule_by_code_or_name_prints_the_four_sections(capsys):
    code, out, _ = run(capsys, "PK001")
    assert code == 0
    assert out.startswith("# PK001 unused-suppression\n")
    for title in SECTION_TITLES:
        assert f"## {title}" in out
    assert "fix available" in out
    assert run(capsys, "unused-suppression")[1] == out
    assert run(capsys, "pk001")[1] == out


def test_all_lists_every_rule_once(capsys):
    code, out, _ = run(capsys, "--all")
    rows = out.splitlines()
    assert code == 0 and len(rows) == len(all_rules())
    first = all_rules()[0]
    assert rows[0].split()[:3] == [first.code, first.name, str(first.severity)]
    assert rows[0].endswith(first.summary)


def test_all_as_json(capsys):
    records = json.loads(run(capsys, "--all", "--format", "json")[1])
    assert [r["code"] for r in records] == [rule.code for rule in all_rules()]
    assert set(records[0]) >= {"code", "name", "severity", "summary", "documentation"}


def test_unknown_rule_suggests_and_exits_2():
    completed = subprocess.run([sys.executable, "-m", "policykit.cli", "rule", "unused-supression"],
                               capture_output=True, text=True)
    assert completed.returncode == 2
    assert "unknown rule 'unused-supression'; did you mean unused-suppression?" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_no_rule_named_is_a_usage_error(capsys):
    code, _, err = run(capsys)
    assert code == 2 and "policykit rule --all" in err


def test_rules_markdown_has_an_index_and_a_section_per_rule():
    markdown = render_rules_markdown(all_rules())
    for rule in all_rules():
        assert f"### {rule.code} {rule.name}\n" in markdown
        assert f"](#{rule.code.lower()}-{rule.name})" in markdown
    # the rule docs' own sections sit below the rule heading
    assert "#### What it does" in markdown and "\n## What it does" not in markdown


def test_a_code_prefix_lists_that_family(capsys):
    code, out, _ = run(capsys, "pk")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == [r.code for r in all_rules() if r.code.startswith("PK")]
