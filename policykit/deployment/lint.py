"""Linting a deployment file: the DP rules over the model, the CT rules over its catalog.

``lint_deployment_file(path)`` is what ``policykit lint`` calls for a deployment. It
returns the model (None when the file cannot be read at all) and every finding, sorted.
Every DP rule in ``policykit.deployment.rules`` receives one :class:`DeploymentContext`;
the catalog built from the model goes to the CT rules (``policykit.catalog.lint``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from policykit.deployment.loader import read_deployment
from policykit.deployment.model import Deployment
from policykit.findings import Finding, Location
from policykit.rules import CATALOG, DEPLOYMENT, Rule, rules_of


@dataclass
class DeploymentContext:
    path: Path
    deployment: Deployment | None
    # Structural problems the reader found (DP001-DP005), each already a Finding.
    load_issues: list[Finding] = field(default_factory=list)

    def location(self, obj, key: str | None = None) -> Location:
        """Where an object of the model (or one of its keys) was written."""
        if key is not None and key in getattr(obj, "field_locations", {}):
            return obj.field_locations[key]
        return getattr(obj, "location", None) or Location(str(self.path))


def deployment_rules() -> list[Rule]:
    return rules_of(DEPLOYMENT)


def _run(rules, context, rule_options: Mapping[str, Mapping[str, Any]]) -> list[Finding]:
    return [finding for rule in rules for finding in rule.check(context, rule_options.get(rule.code))]


def lint_deployment_file(path: str | Path, rules: list[Rule] | None = None,
                         rule_options: Mapping[str, Mapping[str, Any]] | None = None,
                         ) -> tuple[Deployment | None, list[Finding]]:
    """The deployment (None if unreadable) and every DP and CT finding for it, sorted."""
    path = Path(path)
    deployment, issues = read_deployment(path)
    context = DeploymentContext(path, deployment, issues)
    selected = rules if rules is not None else deployment_rules()
    rule_options = rule_options or {}
    findings = _run([r for r in selected if r.code.startswith(DEPLOYMENT.prefix)], context, rule_options)
    if deployment is not None:
        from policykit.catalog.lint import catalog_rules, lint_catalog_of_deployment

        catalog_selected = rules if rules is not None else catalog_rules()
        findings += lint_catalog_of_deployment(
            deployment, [r for r in catalog_selected if r.code.startswith(CATALOG.prefix)], rule_options)
    return deployment, sorted(findings, key=Finding.sort_key)
