"""Shared by the lint and report tests: a small rule catalogue built from real rule modules."""

from __future__ import annotations

import types

import pytest

from policykit.findings import Severity
from policykit.rules import rule_from_module, rules_in


def make_rule(code: str, name: str, severity: Severity = Severity.WARNING, security: str | None = None,
              summary: str = "A test rule."):
    module = types.ModuleType(f"rule_{code.lower()}")
    module.__doc__ = (
        f"{summary}\n\n## What it does\nFinds {name}.\n\n## Why is this bad?\nBecause.\n\n"
        f"## Example\n```yaml policy.yaml\n\"a\": \"bad\"\n```\n\n## Use instead\n```yaml policy.yaml\n\"a\": \"good\"\n```\n"
    )
    module.CODE, module.NAME, module.SEVERITY = code, name, severity
    module.SECURITY_SEVERITY = security
    module.check = lambda context: iter(())
    return rule_from_module(module)


@pytest.fixture
def catalogue():
    """PL101, PL102, PL201 (security), DP001, PS301 and the toolkit's own PK rules."""
    return tuple([
        make_rule("PL101", "unparsable-rule", Severity.ERROR),
        make_rule("PL102", "misspelt-check-kind", Severity.ERROR),
        make_rule("PL201", "empty-rule-allows-all", Severity.ERROR, security="9.1"),
        make_rule("DP001", "unreadable-deployment", Severity.ERROR),
        make_rule("PS301", "context-before-auth", Severity.WARNING),
        *rules_in("policykit.lint.rules"),
    ])
