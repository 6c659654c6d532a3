"""One page for a whole cloud: per service its findings, permission matrix and upgrade diff.

Every section is the output another command prints as JSON — ``lint`` of the
deployment (with every file it lists), ``matrix`` of each service that has a policy,
``diff`` of a service's state under its old defaults against its current one when old
defaults are given — gathered, not computed again in another way. Findings are placed
under the service that lists their file; findings about the deployment itself, and
files no service lists, stand under the cloud. What could not be analysed (a service
with no policy, a file that could not be read) is said at the top of the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from policykit.report.html import Page, Section, rule_docs
from policykit.report.html.sections import findings_section, read_sources

CLOUD = None  # the group of findings that belong to no single service


@dataclass
class LintOutcome:
    findings: list
    rules: tuple
    errors: list[str] = field(default_factory=list)  # files that could not be linted


def lint_deployment(path: Path) -> LintOutcome:
    """``policykit lint DEPLOYMENT`` with the configuration found for it, as data."""
    from policykit.lint import driver
    from policykit.lint.config import load_config
    from policykit.lint.selection import SelectionLayer, enabled_codes
    from policykit.rules import all_rules

    rules = all_rules()
    config = load_config(None, [Path.cwd(), path.parent], rules)
    enabled = enabled_codes(rules, [SelectionLayer(config.select, config.extend_select, config.ignore)])
    options = driver.LintOptions(deployment=config.deployment, defaults=config.defaults,
                                 rule_options=config.rule_options)
    result = driver.run([path], options, config, enabled, rules)
    return LintOutcome(list(result.findings), rules, [str(error) for error in result.errors])


def _owner(services, finding_path: str) -> str | None:
    """The name of the service that lists the file a finding points at."""
    try:
        wanted = Path(finding_path).resolve()
    except OSError:
        return CLOUD
    for service in services:
        listed = [*service.policy, service.paste, service.config]
        if any(item is not None and Path(item).resolve() == wanted for item in listed):
            return service.name or service.type
    return CLOUD


def _named_services(path: Path, deployment, chosen: Mapping[str, str], option: str) -> None:
    names = {service.name or service.type for service in deployment.services} | {s.type for s in deployment.services}
    unknown = sorted(set(chosen) - names)
    if unknown:
        from policykit.errors import InputError
        from policykit.suggest import suggest

        close = suggest(unknown[0], sorted(names))
        raise InputError(f"{option} names no service of {path}: {', '.join(unknown)}",
                         hint=f"did you mean {close}?" if close else f"services: {', '.join(sorted(names))}")


def _for(chosen: Mapping[str, str], service) -> str | None:
    return chosen.get(service.name) or chosen.get(service.type)


def cloud_page(path: Path, *, old_defaults: Mapping[str, str] | None = None,
               new_defaults: Mapping[str, str] | None = None, title: str | None = None) -> Page:
    from policykit.analysis.diff import compute_diff
    from policykit.analysis.inputs import read_deployment_model
    from policykit.analysis.matrix import compute_matrix
    from policykit.analysis.personas import deployment_personas
    from policykit.analysis.state import state_for_service

    outcome = lint_deployment(path)
    deployment = read_deployment_model(path)
    names = [service.name or service.type for service in deployment.services]
    old_defaults, new_defaults = dict(old_defaults or {}), dict(new_defaults or {})
    _named_services(path, deployment, old_defaults, "--old-defaults")
    _named_services(path, deployment, new_defaults, "--new-defaults")
    for service, name in zip(deployment.services, names):
        if _for(old_defaults, service) and not (_for(new_defaults, service) or service.defaults):
            from policykit.errors import InputError

            # Without the current release's defaults the "after" side would be the file
            # alone: every registered default would look removed by the upgrade.
            raise InputError(f"--old-defaults {name}: the deployment lists no current defaults for {name}",
                             hint=f"add `defaults:` to the {name} service, or give --new-defaults {name}=FILE "
                                  "(a `policykit defaults export` file of the release it runs now)")
    by_service: dict[str | None, list] = {}
    for finding in outcome.findings:
        by_service.setdefault(_owner(deployment.services, finding.location.path), []).append(finding)
    sources = read_sources({finding.location.path for finding in outcome.findings})
    personas = deployment_personas(deployment)
    notes = [{"level": "error", "text": f"could not be linted: {error}"} for error in outcome.errors]
    sections = [findings_section(by_service.get(CLOUD, []), outcome.rules, sources,
                                 title=f"{deployment.cloud or path.name}: the deployment")]
    for service, name in zip(deployment.services, names):
        sections.append(findings_section(by_service.get(name, []), outcome.rules, sources,
                                         title="Findings", service=name))
        if not service.policy and not service.defaults and not _for(new_defaults, service):
            notes.append({"level": "warning", "text": f"{name}: not analysed: no policy file or defaults listed"})
            continue
        new = _for(new_defaults, service)
        state = state_for_service(deployment, service, defaults=[new] if new else ())
        matrix = compute_matrix(state, personas, branches=True)
        sections.append(Section("matrix", "Permission matrix", matrix.to_dict(), service=name))
        old = _for(old_defaults, service)
        if old:
            before = state_for_service(deployment, service, defaults=[old])
            diff = compute_diff(before, state, personas)
            sections.append(Section("diff", f"Upgrade from {Path(old).name}", diff.to_dict(), service=name))
    codes = {finding.code for finding in outcome.findings}
    return Page(title or f"policykit report: {deployment.cloud or path.name}", sections,
                rules=rule_docs(outcome.rules, codes), notes=notes)
