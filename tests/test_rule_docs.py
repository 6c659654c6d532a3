"""Every rule's documentation is complete and its examples are true.

For each rule of the catalogue: the four sections exist; the files of the Example
section, written under their names into an empty directory and linted through the real
driver (the first file is the one named on the command line, the others are what it
refers to; a ``.conf`` beside a paste file is passed as its ``--config``), produce the rule's code; the Use instead files do not. docs/rules.md is
the catalogue rendered.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.docs import render_rules_markdown
from policykit.lint.config import LintConfig
from policykit.lint.driver import LintOptions, run
from policykit.rules import SECTION_TITLES, all_rules

RULES = all_rules()
DOCS_PATH = Path(__file__).resolve().parents[1] / "docs" / "rules.md"  # the repository's, even when installed
ALL_CODES = frozenset(rule.code for rule in RULES)


def lint_example(rule, section: str, directory: Path, monkeypatch) -> set[str]:
    files = rule.examples(section)
    assert files, f"{rule.code}: the {section} section has no fenced file"
    for example in files:
        assert example.filename, f"{rule.code}: a block of {section} has no file name in its info string"
        target = directory / example.filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(example.text, encoding="utf-8")
    monkeypatch.chdir(directory)
    # A service .conf beside a paste file is its configuration (what `--config` passes).
    conf = next((Path(f.filename) for f in files[1:] if f.filename.endswith(".conf")), None)
    options = LintOptions(check_installed=True, paste_config=conf)
    result = run([Path(files[0].filename)], options, LintConfig(), ALL_CODES, RULES)
    return {finding.code for finding in result.findings}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_documentation_has_the_four_sections(rule):
    assert rule.summary, f"{rule.code} has no one-line summary"
    for title in SECTION_TITLES:
        assert rule.sections.get(title, "").strip(), f"{rule.code} lacks a '## {title}' section"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_example_produces_the_rule(rule, tmp_path, monkeypatch):
    codes = lint_example(rule, "Example", tmp_path, monkeypatch)
    assert rule.code in codes, f"{rule.code}'s Example produced {sorted(codes)}"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_use_instead_does_not_produce_the_rule(rule, tmp_path, monkeypatch):
    codes = lint_example(rule, "Use instead", tmp_path, monkeypatch)
    assert rule.code not in codes


def test_docs_rules_md_is_up_to_date():
    expected = render_rules_markdown(RULES)
    current = DOCS_PATH.read_text(encoding="utf-8") if DOCS_PATH.exists() else ""
    assert current == expected, "docs/rules.md is stale: run `python -m policykit.docs`"
