"""The policy state: everything that decides what a service enforces, as one object.

A service enforces its registered defaults with the policy file and ``policy.d``
overlays laid over them, under the ``[oslo_policy]`` options of its configuration
(specs/policy-language.md §4). ``load_state`` gathers those pieces — from arguments, a
service ``.conf`` or a deployment — into a ``PolicyState`` whose ``policy`` decides
exactly as oslo.policy 6.0.1 would:

* ``enforce_new_defaults`` (default True): when False, a registered default with a
  deprecated rule is ``(new or old)`` (§4.7);
* ``enforce_scope``: oslo.policy 6.0.1 no longer has the option; scope types are always
  checked. A value for it is accepted (configurations still carry it) and only produces
  a warning saying it has no effect;
* ``policy_default_rule`` (default ``default``): the rule unknown names fall back to.

The service profile (``policykit.services``) contributes its custom checks where one
is installed for the service.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from policykit.errors import InputError
from policykit.findings import Location
from policykit.policy.defaults import DefaultsSet, merge, resolve_defaults
from policykit.policy.enforcer import Policy
from policykit.suggest import suggest

SETTINGS = ("enforce_new_defaults", "enforce_scope", "policy_default_rule")
CONF_LIMIT = 4 * 1024 * 1024  # bytes of a service .conf read at most
_TRUE = ("1", "t", "true", "on", "y", "yes")  # oslo.config's Boolean type, case-insensitive
_FALSE = ("0", "f", "false", "off", "n", "no")
ENFORCE_SCOPE_WARNING = ("enforce_scope = {value} has no effect: oslo.policy 6.0.1 removed the option and "
                         "always checks scope types")


@dataclass(frozen=True)
class RuleOrigin:
    """Where the rule an action evaluates comes from, for output and annotations."""

    name: str
    text: str  # str() of the effective check ("" when nothing decides: denied)
    source: str  # file | registered | registered+deprecated | carried-over | default-rule | none
    location: Location | None = None
    via: str | None = None  # the name that decides when it is not ``name`` (default rule, old name)

    def to_dict(self) -> dict:
        return {"name": self.name, "text": self.text, "source": self.source,
                "location": str(self.location) if self.location else None, "via": self.via}


@dataclass
class PolicyState:
    """What one service enforces: the compiled ``policy`` and how it was put together."""

    label: str
    policy: Policy
    defaults: DefaultsSet | None = None
    enforce_new_defaults: bool = True
    enforce_scope: bool | None = None  # as configured; oslo.policy 6.0.1 ignores it
    default_rule: str | None = "default"
    service: str | None = None
    checks: Mapping[str, Any] = field(default_factory=dict)  # custom check kinds of the service profile
    sources: tuple[str, ...] = ()
    settings_from: dict[str, str] = field(default_factory=dict)  # setting → where its value came from
    warnings: tuple[str, ...] = ()
    profile: Any = None  # the service's ServiceProfile, when one is known

    @property
    def document(self):
        return self.policy.document

    def request_creds(self, creds: Mapping) -> Mapping:
        """The creds the service's RequestContext hands to oslo.policy (nova adds ``is_admin``)."""
        if self.profile is None or getattr(self.profile, "derive_creds", None) is None:
            return creds
        from policykit.services.requests import request_creds

        return request_creds(self.profile, creds, self.policy)[0]

    @property
    def target_hints(self) -> dict[str, str]:
        """Target key → the creds key the service fills it from on the caller's own resources."""
        hints = getattr(self.profile, "targets", None)
        if hints is None:
            return {}
        return {**hints.own, **hints.parents}

    def target_values(self, action) -> dict:
        """The profile's fixed values for the target keys ``action``'s rule substitutes."""
        values = getattr(getattr(self.profile, "targets", None), "values", None)
        if not values:
            return {}
        from policykit.analysis.targets import target_keys

        return {key.name: values[key.name] for key in target_keys(self.policy, action) if key.name in values}

    def actions(self, include_helpers: bool = False) -> list[str]:
        """Registered names and file-defined names, registered first, each once.

        Helpers are not actions: names other rules reference (``rule:admin_or_owner``)
        unless they are registered with API operations, the default rule, and
        deprecated names of registered defaults (the service enforces the new name).
        ``include_helpers`` keeps them.
        """
        registered = list(self.defaults.rules) if self.defaults is not None else []
        names = [n for n in dict.fromkeys(registered + list(self.policy.file_rules)) if isinstance(n, str)]
        if include_helpers:
            return names
        referenced = {self.default_rule}
        for check in self.policy.rules.values():
            for node in check.walk():
                if type(node).__name__ == "RuleCheck":
                    referenced.add(node.match)
        # an old name in the file only carries its value over to the registered new name
        renamed = {d.deprecated_name for d in self.policy.registered.values() if d.deprecated_name != d.name}
        result = []
        for name in names:
            default = self.policy.registered.get(name)
            if default is not None and default.operations:
                result.append(name)
            elif name not in referenced and name not in renamed:
                result.append(name)
        return result

    def origin(self, name: str) -> RuleOrigin:
        document = self.document
        definitions = document.definitions if document is not None else {}
        policy = self.policy
        if name in definitions:
            return RuleOrigin(name, str(policy.rules[name]), "file", definitions[name].value_location)
        default = policy.registered.get(name)
        defaults_location = Location(self.defaults.source) if self.defaults is not None and \
            not self.defaults.source.startswith("entry point") else None
        if default is not None:
            effective = str(policy.rules[name])
            old = default.deprecated_name
            if old and old != name and old in definitions and effective == str(policy.file_rules[old]):
                return RuleOrigin(name, effective, "carried-over", definitions[old].value_location, via=old)
            source = "registered+deprecated" if effective != str(_parsed(default.check_str)) else "registered"
            return RuleOrigin(name, effective, source, defaults_location)
        resolved, fell_back = policy.resolve(name)
        if resolved is None:
            return RuleOrigin(name, "", "none")
        inner = self.origin(resolved) if isinstance(resolved, str) and resolved in policy.rules else None
        return RuleOrigin(name, str(policy.table.checks[policy.table.resolve(name)]), "default-rule",
                          inner.location if inner else None, via=resolved)

    def to_dict(self) -> dict:
        return {"label": self.label, "service": self.service, "sources": list(self.sources),
                "enforce_new_defaults": self.enforce_new_defaults, "enforce_scope": self.enforce_scope,
                "default_rule": self.default_rule, "settings_from": dict(self.settings_from),
                "custom_checks": sorted(self.checks), "warnings": list(self.warnings),
                "profile": getattr(self.profile, "name", None)}


@functools.lru_cache(maxsize=4096)
def _parsed(text: str):
    from policykit.policy.parser import parse_rule

    return parse_rule(text)


def parse_bool(value: str, where: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise InputError(f"{where}: {value!r} is not a boolean", hint="use true or false")


def parse_settings(pairs: Iterable[str], flag: str = "--set") -> dict[str, str]:
    """``KEY=VALUE`` arguments for ``[oslo_policy]`` options; unknown keys are an error."""
    settings: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep:
            raise InputError(f"{flag} {pair!r}: expected KEY=VALUE", hint="e.g. enforce_new_defaults=false")
        if key not in SETTINGS:
            close = suggest(key, SETTINGS)
            hint = f"did you mean {close}?" if close else f"known: {', '.join(SETTINGS)}"
            raise InputError(f"{flag} {pair!r}: unknown [oslo_policy] setting {key!r}", hint=hint)
        settings[key] = value.strip()
    return settings


def read_conf(path: str | Path) -> dict[str, list[str]]:
    """The ``[oslo_policy]`` section of a service .conf, as oslo.config parses it (values in order)."""
    from oslo_config import cfg

    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such configuration file: {path}" if not path.exists() else f"{path} is not a regular file")
    if path.stat().st_size > CONF_LIMIT:
        raise InputError(f"{path} is larger than {CONF_LIMIT // (1024 * 1024)} MiB; not a service configuration")
    sections: dict[str, dict[str, list[str]]] = {}
    try:
        cfg.ConfigParser(str(path), sections).parse()
    except cfg.ParseError as exc:
        raise InputError(f"cannot parse {path}: {exc.msg}", Location(str(path), exc.lineno)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    return sections.get("oslo_policy", {})


def _service_checks(service: str | None, path=None) -> tuple[Any, dict]:
    """The service profile (``--service``, else what the policy file's path says) and its check kinds."""
    from policykit import services

    if service:
        profile = services.get(service)
        if profile is None:
            raise InputError(f"unknown service {service!r}", hint=services.unknown_name_hint(service))
    elif path is not None and not str(path).startswith("git:"):
        profile = services.from_path(str(path)).profile
    else:
        profile = None
    return profile, dict(getattr(profile, "checks", None) or {})


def _profile_of_namespaces(namespaces) -> Any:
    """The one service whose oslo.policy namespaces these are (keystone's export: keystone), else None.

    Only a profile's own namespaces count: a service type (``compute``) names no defaults."""
    from policykit import services

    owners = [[p for p in services.all_profiles() if ns in p.namespaces] for ns in namespaces]
    names = {p.name for found in owners for p in found}
    if len(names) != 1 or not all(owners):
        return None
    return owners[0][0]


def load_state(policy: str | Path | tuple | list | None = None, *, policy_dirs: Iterable[str | Path] = (),
               policy_text: str | None = None, defaults: Iterable[str | DefaultsSet] = (),
               settings: Mapping[str, str] | None = None, config: str | Path | None = None,
               service: str | None = None, label: str | None = None,
               base_dir: str | Path | None = None, profile: Any = None) -> PolicyState:
    """Put a policy state together; bad input raises ``InputError`` (exit 2 at the CLI).

    ``policy_text`` is the policy file's content when it does not come from disk
    (``policy`` is then only its display path, e.g. ``git:HEAD~1:policy.yaml``).
    Settings are taken from ``config``'s ``[oslo_policy]`` section first, then ``settings``.
    """
    from policykit.policy.document import load_policy_document, policy_document_from_text

    effective: dict[str, str] = {}
    settings_from: dict[str, str] = {}
    warnings: list[str] = []
    sources: list[str] = []
    conf_dirs: list[str] = []
    if config is not None:
        section = read_conf(config)
        sources.append(str(config))
        for key in SETTINGS:
            if section.get(key):
                effective[key], settings_from[key] = section[key][-1], str(config)
        conf_dirs = [d for value in section.get("policy_dirs", []) for d in value.split(",") if d.strip()]
    for key, value in (settings or {}).items():
        effective[key], settings_from[key] = value, "--set"
    enforce_new = parse_bool(effective["enforce_new_defaults"], f"{settings_from['enforce_new_defaults']}: "
                             "enforce_new_defaults") if "enforce_new_defaults" in effective else True
    enforce_scope = None
    if "enforce_scope" in effective:
        enforce_scope = parse_bool(effective["enforce_scope"], f"{settings_from['enforce_scope']}: enforce_scope")
        warnings.append(ENFORCE_SCOPE_WARNING.format(value=str(enforce_scope).lower()))
    default_rule = effective.get("policy_default_rule", "default") or None

    registered = merge(d if isinstance(d, DefaultsSet) else resolve_defaults(str(d), base_dir) for d in defaults)
    if registered is not None:
        sources.append(registered.source)
    dirs = list(policy_dirs) + [d.strip() for d in conf_dirs]
    document = None
    if policy_text is not None:
        document = policy_document_from_text(policy_text, str(policy))
        document.raise_errors()
    elif isinstance(policy, (list, tuple)):
        document = _several_files([Path(p) for p in policy], dirs) if policy else None
        policy = policy[0] if policy else None
    elif policy is not None:
        document = load_policy_document(policy, policy_dirs=dirs)
    if document is not None:
        sources[:0] = [f.path for f in document.files]
    if profile is None:
        profile, checks = _service_checks(service, policy)
        if profile is None and not service and registered is not None:
            profile = _profile_of_namespaces(registered.namespaces)
            checks = dict(getattr(profile, "checks", None) or {})
    else:
        checks = dict(getattr(profile, "checks", None) or {})
    options: dict[str, Any] = {"registered": registered or (), "enforce_new_defaults": enforce_new,
                               "document": document}
    if checks:
        options["checks"] = checks
    compiled = Policy(document.rules if document is not None else {}, default_rule, **options)
    name = label or (str(policy) if policy is not None else (registered.source if registered else "<empty>"))
    return PolicyState(name, compiled, registered, enforce_new, enforce_scope, default_rule,
                       getattr(profile, "name", None) or service, checks, tuple(sources), settings_from,
                       tuple(warnings), profile)


def _several_files(paths: list[Path], dirs: list) -> Any:
    """The first file as the main policy file; the others apply after it, then the directories."""
    from policykit.policy.document import PolicyDocument, load_policy_document, policy_file_from_text
    from policykit.sources import read_text

    main = load_policy_document(paths[0], policy_dirs=dirs)
    extra = [policy_file_from_text(read_text(p), str(p)) for p in paths[1:]]
    document = PolicyDocument(main.path, main.files[:1] + extra + main.files[1:])
    document.raise_errors()
    return document


def state_for_service(deployment, service, settings: Mapping[str, str] | None = None,
                      defaults: Iterable[str | DefaultsSet] = ()) -> PolicyState:
    """The state of one service of a deployment: its policy files, defaults and .conf."""
    files = [Path(p) for p in service.policy if not Path(p).is_dir()]
    dirs = [Path(p) for p in service.policy if Path(p).is_dir()]
    base = Path(deployment.path).parent
    given = list(defaults) or ([service.defaults] if service.defaults else [])
    from policykit import services

    name = service.name or service.type
    return load_state(tuple(files) or None, policy_dirs=dirs, defaults=given, settings=settings,
                      config=service.config, service=None, label=name, base_dir=base,
                      profile=services.from_deployment_entry(service))


__all__ = ["PolicyState", "RuleOrigin", "SETTINGS", "load_state", "parse_settings", "read_conf",
           "state_for_service", "parse_bool"]
