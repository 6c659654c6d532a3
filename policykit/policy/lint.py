"""Linting policy files: load each file with positions, build the context, run the PL rules.

``lint_policy_files`` is what ``policykit lint`` calls for policy files. Every rule in
``policykit.policy.rules`` receives one ``PolicyLintContext`` per file: the rules as the
service reads them (every duplicate kept, in order), their check trees, the deployment
and the registered defaults, and helpers that turn a character range of a rule into a
path:line:col.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from policykit.errors import InputError
from policykit.findings import Finding, Location, Problem
from policykit.policy.ast import Check
from policykit.policy.defaults import DefaultsSet, RegisteredDefault, resolve_defaults
from policykit.policy.rules._analysis import ConstantFolder
from policykit.rules import POLICY, rule_from_module, rules_of
from policykit.sources import read_text

DEFAULT_RULE = "default"

# The credential keys oslo.context's RequestContext.to_policy_values() produces, plus
# ``system``, which Enforcer.enforce copies from ``system_scope``.
CONTEXT_CREDENTIALS = frozenset({
    "user_id", "user_domain_id", "system_scope", "domain_id", "project_id", "project_domain_id",
    "roles", "is_admin_project", "service_user_id", "service_user_domain_id", "service_project_id",
    "service_project_domain_id", "service_roles", "system",
})

# Keys a service's own RequestContext adds on top, read from each service's context
# module: nova and cinder add is_admin; heat adds is_admin and the old user/tenant names;
# neutron-lib keeps the tenant names; keystone adds token, trust and group details. For a
# service not listed here we do not know what it adds, and the checks say less.
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


# The rules receive oslo-shaped definitions from policykit.policy.document; these read
# the few facts about one that the checks ask for again and again.
def rule_text(entry) -> str | None:
    return entry.raw if isinstance(entry.raw, str) else None


def is_null(entry) -> bool:
    return entry.value_node.is_null


def null_spelling(entry) -> str:
    return entry.value_node.source if entry.value_node.is_null else ""


def diagnostics_of(entry) -> list:
    try:
        return list(entry.diagnostics)
    except ImportError:  # the parser's diagnostics are optional: the checks stand without them
        return []


@dataclass
class PolicyLintContext:
    """One policy document (a main file and its policy.d overlays) as the rules see it.

    ``entries``: every definition of every file, duplicates included, in the order
    oslo applies them; ``rules``: the effective definition per name.
    """

    path: str
    document: Any  # policykit.policy.document.PolicyDocument
    deployment: Any = None
    defaults: DefaultsSet | None = None
    service: str | None = None
    default_rule: str = DEFAULT_RULE
    run: "LintRun | None" = None

    def __post_init__(self) -> None:
        self.entries = [definition for policy_file in self.document.files for definition in policy_file.definitions]
        self.rules = dict(self.document.definitions)
        self.texts = {policy_file.path: policy_file.text for policy_file in self.document.files}
        self.folder = ConstantFolder(self.lookup, self.default_rule, explicit=self.written_as_constant)

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

    def written_as_constant(self, name: str) -> bool:
        """Whether the rule ``name`` is a bare "", "@" or "!" (in the file or registered)."""
        entry = self.rules.get(name)
        if entry is not None:
            text = rule_text(entry)
            if text is None and isinstance(entry.raw, list):
                from policykit.policy.format import list_rule_to_string

                text = list_rule_to_string(entry.raw)
            return text is not None and text.replace("(", "").replace(")", "").strip() in ("", "@", "!")
        registered = self.registered(name)
        return registered is not None and registered.check_str.strip() in ("", "@", "!")

    def defined(self, name: str) -> bool:
        return name in self.rules or self.registered(name) is not None

    def registered(self, name: str) -> RegisteredDefault | None:
        return self.defaults.get(name) if self.defaults is not None else None

    def effective_entries(self) -> Iterable:
        return self.rules.values()

    def credentials(self) -> frozenset[str]:
        return CONTEXT_CREDENTIALS | SERVICE_CREDENTIALS.get(self.service or "", frozenset())

    # --- locations ---
    def key_location(self, entry) -> Location:
        return entry.key_location

    def value_location(self, entry, start: int | None = None, end: int | None = None) -> Location:
        """Where characters ``[start, end)`` of the rule text are; the whole value when unknown."""
        if start is None:
            return entry.value_location
        return entry.location_of(start, start if end is None else end)

    def element_location(self, entry, path: tuple[int, ...]) -> Location:
        """Where a list-syntax element is, by its index path (the value's start if unknown)."""
        node = entry.value_node
        for index in path:
            if node.kind != "sequence" or index >= len(node.value):
                return entry.value_location
            node = node.value[index]
        return node.location(entry.path)

    def text_of(self, entry) -> str:
        return self.texts[entry.path]

    def problem(self, message: str, location: Location, *, entry=None, hint: str | None = None, fix=None,
                related=(), severity=None) -> Problem:
        """A problem about ``entry`` (its name is the subject that per-policy ignores match)."""
        return Problem(
            message, location, hint=hint, subject=entry.name if entry is not None else None, fix=fix,
            related=tuple(related), severity=severity,
        )


@dataclass
class LintRun:
    """What the files of one call share: the deployment, and every file's context (rules
    declaring ``SCOPE = "run"`` receive it, to look across files, such as the unused-role check)."""

    deployment: Any = None
    contexts: list[PolicyLintContext] = field(default_factory=list)


def guess_service(path: str, deployment=None) -> str | None:
    if deployment is not None:
        service = deployment.service_listing(path)
        if service is not None:
            if service.defaults and "/" not in service.defaults and not service.defaults.endswith(".json"):
                return service.defaults
            return _SERVICE_BY_TYPE.get(service.type) or (service.name or None)
    stem = Path(path).name.lower()
    for name in _KNOWN_SERVICES:
        if stem.startswith(name):
            return name
    return None


def _deployment_dir(deployment) -> Path:
    path = getattr(deployment, "path", None)
    return Path(path).parent if path else Path.cwd()


@lru_cache(maxsize=32)
def _resolved(spec: str, base_dir: Path | None) -> DefaultsSet:
    # Loading a namespace imports the service's policy modules; once per process is enough.
    return resolve_defaults(spec, base_dir)


def _defaults_for(path: str, defaults, deployment) -> DefaultsSet | None:
    if isinstance(defaults, DefaultsSet):
        return defaults
    if isinstance(defaults, str):
        return _resolved(defaults, _deployment_dir(deployment) if deployment is not None else None)
    if defaults is None and deployment is not None:
        service = deployment.service_listing(path)
        if service is not None and service.defaults:
            return _resolved(service.defaults, _deployment_dir(deployment))
    return None


def load_document(path: str | None, policy_dirs=()):
    """The PolicyDocument of a main file (or None) and its overlay directories, plus findings
    for files the service cannot load at all (tabs)."""
    from policykit.policy.document import PolicyDocument, overlay_files, policy_file_from_text
    from policykit.policy.rules import pl110_unloadable_file as unloadable

    paths = [Path(path)] if path is not None else []
    for directory in policy_dirs:
        directory = Path(directory)
        if path is not None and not directory.is_absolute() and not directory.exists():
            directory = Path(path).parent / directory
        paths.extend(overlay_files(directory))
    files, findings = [], []
    for one in paths:
        text = read_text(one)
        try:
            files.append(policy_file_from_text(text, str(one)))
        except InputError as error:
            problem = unloadable.problem_for(str(one), text, error)
            if problem is None:
                raise
            findings.append(rule_from_module(unloadable).stamp(problem))
    if not files:
        return None, findings
    return PolicyDocument(str(paths[0]), files), findings


def policy_rules():
    return rules_of(POLICY)


def lint_policy_files(paths, *, deployment=None, defaults=None, policy_dirs=(),
                      rule_options: Mapping[str, Mapping[str, Any]] | None = None) -> list[Finding]:
    """Every PL finding for the given policy files, sorted by location (``rule_options``: code -> options)."""
    logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)
    run = LintRun(deployment=deployment)
    findings: list[Finding] = []
    documents = [load_document(str(path), policy_dirs) for path in paths]
    if not paths and policy_dirs:
        documents = [load_document(None, policy_dirs)]
    for document, unloadable in documents:
        findings.extend(unloadable)
        if document is None:
            continue
        path = document.path
        defaults_set = _defaults_for(path, defaults, deployment)
        service = guess_service(path, deployment) or (defaults_set.namespaces[0] if defaults_set else None)
        run.contexts.append(PolicyLintContext(
            path=path, document=document, deployment=deployment, defaults=defaults_set, service=service, run=run,
        ))
    rule_options = rule_options or {}
    for rule in policy_rules():
        options = rule_options.get(rule.code)
        if rule.scope == "run":
            findings.extend(rule.check(run, options))
            continue
        for context in run.contexts:
            findings.extend(rule.check(context, options))
    return sorted(findings, key=Finding.sort_key)


__all__ = ["CONTEXT_CREDENTIALS", "LintRun", "PolicyLintContext", "lint_policy_files"]
