"""Every PL rule's documentation examples, run through the real `policykit lint`.

The Example section must produce the rule's code; the Use instead section must not.
Files are written under the names in the fenced blocks' info strings; the first block
is the one linted (a deployment.yaml pulls in the policy files it lists).
"""

from __future__ import annotations

import json
from importlib.metadata import entry_points

import pytest

from policykit.cli import main
from policykit.rules import rules_in

POLICY_RULES = rules_in("policykit.policy.rules")
KEYSTONE_INSTALLED = any(ep.name == "keystone" for ep in entry_points(group="oslo.policy.policies"))


def lint_codes(tmp_path, files, capsys) -> list[str]:
    for example in files:
        (tmp_path / example.filename).write_text(example.text, encoding="utf-8")
    capsys.readouterr()
    status = main(["lint", "--isolated", "--format", "json", str(tmp_path / files[0].filename)])
    out = capsys.readouterr().out
    assert status in (0, 1), out
    return [finding["code"] for finding in json.loads(out)]


def _needs_keystone(rule) -> bool:
    return any("defaults: keystone" in example.text for example in rule.examples("Example"))


@pytest.mark.parametrize("rule", POLICY_RULES, ids=lambda rule: rule.code)
def test_example_fails(rule, tmp_path, capsys):
    if _needs_keystone(rule) and not KEYSTONE_INSTALLED:
        pytest.skip("keystone's registered defaults are not installed")
    examples = rule.examples("Example")
    assert examples, f"{rule.code} has no example"
    assert rule.code in lint_codes(tmp_path, examples, capsys)


@pytest.mark.parametrize("rule", POLICY_RULES, ids=lambda rule: rule.code)
def test_use_instead_passes(rule, tmp_path, capsys):
    if _needs_keystone(rule) and not KEYSTONE_INSTALLED:
        pytest.skip("keystone's registered defaults are not installed")
    examples = rule.examples("Use instead")
    assert examples, f"{rule.code} has no 'Use instead' example"
    assert rule.code not in lint_codes(tmp_path, examples, capsys)


@pytest.mark.parametrize("rule", POLICY_RULES, ids=lambda rule: rule.code)
def test_documentation_has_the_four_sections(rule):
    for title in ("What it does", "Why is this bad?", "Example", "Use instead"):
        assert rule.sections.get(title, "").strip(), f"{rule.code}: section {title!r} is empty"
    assert rule.code.startswith("PL") and rule.name == rule.name.lower()
