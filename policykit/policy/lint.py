"""Linting policy files: load each file with positions, build the context, run the PL rules.

``lint_policy_files`` is what ``policykit lint`` calls for policy files. Every rule in
``policykit.policy.rules`` receives one ``PolicyLintContext`` per file: the rules as the
service reads them (every duplicate kept, in order), their check trees, the deployment
and the registered defaults, and helpers that turn a character range of a rule into a
path:line:col.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from policykit.errors import InputError
from policykit.findings import Finding, Location
from policykit.policy.ast import Check
from policykit.policy.defaults import DefaultsSet, RegisteredDefault, resolve_defaults
from policykit.policy.rules._analysis import ConstantFolder
from policykit.rules import rules_in
from policykit.sources import Node, parse_text, read_text, to_python

DEFAULT_RULE = "default"

# The credential keys oslo.context's RequestContext.to_policy_values() produces (spec
# §4.2), plus ``system``, which Enforcer.enforce copies from ``system_scope``.
CONTEXT_CREDENTIALS = frozenset({
    "user_id", "user_domain_id", "system_scope", "domain_id", "project_id", "project_domain_id",
    "roles", "is_admin_project", "service_user_id", "service_user_domain_id", "service_project_id",
    "service_project_domain_id", "service_roles", "system",
})

# Keys a service's own RequestContext adds on top (read from each service's context
# module: nova, cinder, glance-era and heat add is_admin; neutron-lib keeps the tenant
# names; keystone adds token and trust details). A service not listed here adds nothing
# we know of.
SERVICE_CREDENTIALS: Mapping[str, frozenset[str]] = {
    "keystone": frozenset({"token", "trust_id", "trustor_id", "trustee_id", "domain_name", "group_ids"}),
    "nova": frozenset({"is_admin"}),
    "cinder": frozenset({"is_admin"}),
    "heat": frozenset({"is_admin", "user", "tenant", "auth_token_info"}),
    "neutron": frozenset({
        "is_admin", "tenant_id", "tenant", "has_global_access", "user", "domain", "user_domain",
        "project_domain", "tenant_name", "project_name", "user_name",
    }),
}
SERVICE_CREDENTIALS = {**SERVICE_CREDENTIALS, "neutron_lib": SERVICE_CREDENTIALS["neutron"]}

_SERVICE_BY_TYPE = {
    "identity": "keystone", "compute": "nova", "image": "glance", "block-storage": "cinder",
    "volume": "cinder", "volumev3": "cinder", "network": "neutron", "orchestration": "heat",
    "placement": "placement",
}
_KNOWN_SERVICES = ("keystone", "nova", "glance", "cinder", "neutron_lib", "neutron", "heat", "placement")


@dataclass
class RuleEntry:
    """One ``name: value`` pair of a policy file, as written."""

    name: str
    raw: Any  # the value yaml.safe_load gives (None for null)
    check: Check | None  # None when oslo cannot load the value at all (true, 5, ...)
    key_node: Node
    value_node: Node
    index: int  # position among all pairs of the file
    diagnostics: list = field(default_factory=list)
    load_error: str | None = None  # why oslo cannot load the value
    shadowed_by: "RuleEntry | None" = None  # a later pair with the same name

    @property
    def is_null(self) -> bool:
        return self.value_node.is_null

    @property
    def null_spelling(self) -> str:
        return self.value_node.source

    @property
    def is_list(self) -> bool:
        return self.value_node.kind == "sequence"

    @property
    def text(self) -> str | None:
        return self.raw if isinstance(self.raw, str) else None


@dataclass
class PolicyLintContext:
    path: str
    text: str
    entries: list[RuleEntry]
    deployment: Any = None
    defaults: DefaultsSet | None = None
    service: str | None = None
    default_rule: str = DEFAULT_RULE
    run: "LintRun | None" = None

    def __post_init__(self) -> None:
        self.rules: dict[str, RuleEntry] = {}
        for entry in self.entries:
            self.rules[entry.name] = entry
        self.folder = ConstantFolder(self.lookup, self.default_rule)

    # --- what the service sees ---
    def lookup(self, name: str) -> Check | None:
        """The check oslo evaluates for ``rule:name`` in this file (file first, then registered defaults)."""
        entry = self.rules.get(name)
        if entry is not None:
            return entry.check
        registered = self.registered(name)
        if registered is not None:
            from policykit.policy.parser import parse_rule

            return parse_rule(registered.check_str)
        return None

    def defined(self, name: str) -> bool:
        return name in self.rules or self.registered(name) is not None

    def registered(self, name: str) -> RegisteredDefault | None:
        return self.defaults.get(name) if self.defaults is not None else None

    def effective_entries(self) -> Iterable[RuleEntry]:
        return (entry for entry in self.entries if entry.shadowed_by is None)

    def credentials(self) -> frozenset[str]:
        return CONTEXT_CREDENTIALS | SERVICE_CREDENTIALS.get(self.service or "", frozenset())

    # --- locations ---
    def key_location(self, entry: RuleEntry) -> Location:
        return entry.key_node.location(self.path)

    def value_location(self, entry: RuleEntry, start: int | None = None, end: int | None = None) -> Location:
        """Where characters ``[start, end)`` of the rule text are; the whole value when unknown.

        Exact for plain scalars on one line and for quoted scalars without escapes (the
        usual case in policy files, JSON included); otherwise the value's start.
        """
        node = entry.value_node
        whole = node.location(self.path)
        if start is None or node.kind != "scalar" or not isinstance(node.value, str):
            return whole
        source = node.source
        if "\n" in source:
            return whole
        if node.style in ('"', "'"):
            inner = source[1:-1]
            if inner != node.value:  # escapes: offsets in the value are not offsets in the text
                return whole
            base = node.column + 1
        elif node.style is None and source == node.value:
            base = node.column
        else:
            return whole
        end = start if end is None else end
        return Location(self.path, node.line, base + start, node.line, base + max(end, start))

    def finding(self, code: str, severity, message: str, location: Location, *, entry: RuleEntry | None = None,
                hint: str | None = None, fix=None, related=()) -> Finding:
        return Finding(
            code=code, message=message, location=location, severity=severity,
            hint=hint, subject=entry.name if entry is not None else None, fix=fix, related=tuple(related),
        )


@dataclass
class LintRun:
    """What the files of one run share: roles mentioned anywhere (for the unused-role check)."""

    contexts: list[PolicyLintContext] = field(default_factory=list)


def guess_service(path: str, deployment=None) -> str | None:
    if deployment is not None:
        service = _deployment_service(path, deployment)
        if service is not None:
            if service.defaults and not os.sep in service.defaults and not service.defaults.endswith(".json"):
                return service.defaults
            return _SERVICE_BY_TYPE.get(service.type) or (service.name or None)
    stem = Path(path).name.lower()
    for name in _KNOWN_SERVICES:
        if stem.startswith(name):
            return name
    return None


def _deployment_service(path: str, deployment):
    wanted = Path(path).resolve()
    for service in getattr(deployment, "services", ()):
        for policy in service.policy or ():
            if Path(policy).resolve() == wanted:
                return service
    return None


def _defaults_for(path: str, defaults, deployment) -> DefaultsSet | None:
    if isinstance(defaults, DefaultsSet):
        return defaults
    if isinstance(defaults, str):
        return resolve_defaults(defaults)
    if defaults is None and deployment is not None:
        service = _deployment_service(path, deployment)
        if service is not None and service.defaults:
            base = getattr(deployment, "base_dir", None) or getattr(deployment, "path", None)
            base_dir = Path(base).parent if base and Path(base).is_file() else base
            return resolve_defaults(service.defaults, base_dir)
    return None


def _entry(index: int, key: Node, value: Node) -> RuleEntry:
    from policykit.policy.parser import parse_rule

    raw = to_python(value)
    name = key.value if isinstance(key.value, str) else str(key.value)
    if value.kind == "scalar" and not value.is_null and not isinstance(raw, str):
        return RuleEntry(name, raw, None, key, value, index, load_error=f"a {type(raw).__name__} is not a rule")
    try:
        check = parse_rule(raw)
    except Exception as exc:  # noqa: BLE001 - whatever oslo cannot load, we report, never crash on
        return RuleEntry(name, raw, None, key, value, index, load_error=f"{type(exc).__name__}: {exc}")
    return RuleEntry(name, raw, check, key, value, index, diagnostics=_diagnostics(raw, check))


def _diagnostics(raw, check) -> list:
    try:
        from policykit.policy.diagnostics import diagnose
    except ImportError:
        return []
    try:
        return list(diagnose(raw, check))
    except Exception:  # noqa: BLE001 - diagnostics only improve messages; the checks stand without them
        return []


def load_entries(path: str):
    """(text, entries) of a policy file, or a Finding when the service cannot load it at all."""
    from policykit.policy.rules import pl110_unloadable_file as unloadable

    text = read_text(path)
    try:
        document = parse_text(text, path)
    except InputError as error:
        finding = unloadable.finding_for(path, text, error)
        if finding is None:
            raise
        return finding
    root = document.root
    if root is None:
        return text, []
    if root.kind != "mapping":
        raise InputError("a policy file is a mapping of rule names to rules", root.location(path),
                         hint="write `\"name\": \"rule\"` pairs at the top level")
    entries = [_entry(index, key, value) for index, (key, value) in enumerate(root.items())]
    last: dict[str, RuleEntry] = {}
    for entry in entries:
        if entry.name in last:
            last[entry.name].shadowed_by = entry
        last[entry.name] = entry
    return text, entries


def policy_rules():
    return rules_in("policykit.policy.rules")


def lint_policy_files(paths, *, deployment=None, defaults=None, policy_dirs=()) -> list[Finding]:
    """Every PL finding for the given policy files, sorted by location."""
    logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)
    run = LintRun()
    findings: list[Finding] = []
    for path in paths:
        path = str(path)
        loaded = load_entries(path)
        if isinstance(loaded, Finding):  # the file cannot be loaded by the service at all
            findings.append(loaded)
            continue
        text, entries = loaded
        context = PolicyLintContext(
            path=path, text=text, entries=entries, deployment=deployment,
            defaults=_defaults_for(path, defaults, deployment), service=guess_service(path, deployment), run=run,
        )
        run.contexts.append(context)
    for rule in policy_rules():
        per_run = getattr(rule.module, "check_run", None)
        if per_run is not None:
            findings.extend(per_run(run))
        for context in run.contexts:
            findings.extend(rule.check(context))
    return sorted(findings, key=Finding.sort_key)


__all__ = ["CONTEXT_CREDENTIALS", "LintRun", "PolicyLintContext", "RuleEntry", "lint_policy_files"]
__all__ += ["InputError"]
