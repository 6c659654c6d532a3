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
from policykit.services import Detection, ServiceProfile, detect, deployment_entry
from policykit.services import get as service_profile
from policykit.services.profile import CONTEXT_CREDENTIALS
from policykit.sources import read_text

DEFAULT_RULE = "default"

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
    service: str | None = None  # the service's name, when known (see ``detection``)
    default_rule: str = DEFAULT_RULE
    run: "LintRun | None" = None
    detection: Detection | None = None

    @property
    def profile(self) -> ServiceProfile | None:
        return self.detection.profile if self.detection is not None else service_profile(self.service)

    def __post_init__(self) -> None:
        # Shared with the document, not copied: rules only read them, and a large file's
        # tables cost megabytes each.
        files = self.document.files
        self.entries = files[0].definitions if len(files) == 1 else [
            definition for policy_file in files for definition in policy_file.definitions]
        self.rules = self.document.definitions
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
        profile = self.profile
        return CONTEXT_CREDENTIALS | (profile.credentials if profile is not None else frozenset())

    def check_kinds(self) -> frozenset[str]:
        """Check kinds the service registers itself: not creds look-ups (neutron's field:)."""
        profile = self.profile
        return frozenset(profile.checks) if profile is not None else frozenset()

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


def _deployment_dir(deployment) -> Path:
    path = getattr(deployment, "path", None)
    return Path(path).parent if path else Path.cwd()


@lru_cache(maxsize=32)
def _resolved(spec: str, base_dir: Path | None) -> DefaultsSet:
    # Loading a namespace imports the service's policy modules; once per process is enough.
    return resolve_defaults(spec, base_dir)


def _spec_profile(spec: str, base_dir: Path | None) -> ServiceProfile | None:
    """The service a defaults spec is for: a namespace names it; a file says its namespace."""
    if not spec.endswith((".json", ".yaml", ".yml")):
        return service_profile(spec)
    try:
        loaded = _resolved(spec, base_dir)
    except InputError:
        return None
    return next((p for p in map(service_profile, loaded.namespaces) if p is not None), None)


def _defaults_for(path: str, defaults, deployment, profile: ServiceProfile | None) -> DefaultsSet | None:
    """The registered defaults to lint ``path`` against: given ones (a set, a spec, or a
    mapping service → spec from the configuration), else the deployment entry's. A spec
    for one service is never laid under another service's file."""
    base_dir = _deployment_dir(deployment) if deployment is not None else None
    if isinstance(defaults, DefaultsSet):
        return defaults
    if isinstance(defaults, Mapping):
        spec = next((defaults[name] for name in (profile.names if profile else ()) if name in defaults), None)
        return _resolved(spec, base_dir) if spec else _defaults_for(path, None, deployment, profile)
    if isinstance(defaults, str):
        meant_for = _spec_profile(defaults, base_dir)
        if profile is not None and meant_for is not None and meant_for is not profile:
            return _defaults_for(path, None, deployment, profile)
        return _resolved(defaults, base_dir)
    if deployment is not None:
        service = deployment_entry(path, deployment)
        if service is not None and service.defaults:
            return _resolved(service.defaults, base_dir)
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


def lint_policy_files(paths, *, deployment=None, defaults=None, policy_dirs=(), service: str | None = None,
                      service_globs=None, root=None,
                      rule_options: Mapping[str, Mapping[str, Any]] | None = None) -> list[Finding]:
    """Every PL finding for the given policy files, sorted by location (``rule_options``: code -> options).

    The service of each file comes from ``service`` (``--service``), the deployment entry
    listing it, ``service_globs`` (``[tool.policykit.services]``, relative to ``root``)
    or its path; ``defaults`` is a spec, a DefaultsSet, or a mapping service → spec."""
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
        detection = detect(path, service=service, deployment=deployment, globs=service_globs, root=root)
        defaults_set = _defaults_for(path, defaults, deployment, detection.profile)
        if detection.profile is None and defaults_set is not None:
            # registered defaults of one namespace say whose file this is
            named = next((p for p in map(service_profile, defaults_set.namespaces) if p is not None), None)
            detection = Detection(named, "defaults") if named is not None else detection
        run.contexts.append(PolicyLintContext(
            path=path, document=document, deployment=deployment, defaults=defaults_set, service=detection.name,
            run=run, detection=detection,
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
