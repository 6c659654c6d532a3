"""Every DP and CT rule's documented examples, run through `policykit lint`.

The Example section must produce the rule's code; the Use instead section must not.
"""

from __future__ import annotations

import json

import pytest

from policykit.cli import main
from policykit.rules import SECTION_TITLES, rules_in

RULES = rules_in("policykit.deployment.rules") + rules_in("policykit.catalog.rules")


def lint_codes(directory, files, capsys) -> set[str]:
    for example in files:
        (directory / example.filename).write_text(example.text, encoding="utf-8")
    capsys.readouterr()
    status = main(["lint", "--isolated", "--format", "json", str(directory / files[0].filename)])
    output = capsys.readouterr().out
    # A deployment nothing can be read from is unusable input: exit 2, with its DP001 finding.
    assert status in (0, 1) or (status == 2 and '"DP001"' in output), output
    return {finding["code"] for finding in json.loads(output)}


def test_every_specified_rule_exists():
    codes = {rule.code for rule in RULES}
    expected = {f"DP{n:03}" for n in range(1, 13)} | {f"CT{n:03}" for n in range(1, 7)}
    expected |= {f"CT{n}" for n in range(101, 116)} | {"CT201", "CT202"}
    assert expected <= codes


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_documentation_has_the_four_sections(rule):
    assert rule.summary
    for title in SECTION_TITLES:
        assert rule.sections.get(title, "").strip(), f"{rule.code} lacks '## {title}'"
    for section in ("Example", "Use instead"):
        files = rule.examples(section)
        assert files and all(f.filename == "deployment.yaml" for f in files[:1])


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_example_fails(rule, tmp_path, capsys):
    assert rule.code in lint_codes(tmp_path, rule.examples("Example"), capsys)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_use_instead_passes(rule, tmp_path, capsys):
    assert rule.code not in lint_codes(tmp_path, rule.examples("Use instead"), capsys)
