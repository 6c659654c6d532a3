"""Registered policy defaults: what a service's code registers with oslo.policy.

A policy file only overrides; the rules a service actually enforces are its registered
defaults (``oslo.policy.policies`` entry points) with the file laid over them. These
records are what the enforcer needs for scope types and deprecated names, and what the
linter compares overrides against. They come from installed services or from a file
written by ``policykit defaults export`` (so a repository that holds only policy files
can be linted offline).

Exported file format (JSON, one namespace per file)::

    {
      "format": "policykit-defaults/1",
      "namespace": "nova",
      "entry_point": "nova.policies:list_rules",
      "distribution": "nova", "distribution_version": "34.0.0",
      "oslo.policy_version": "6.0.1",
      "rule_count": 214,
      "rules": [
        {"name": "...", "check_str": "...", "parsed": "<oslo str() of the check>",
         "parse_error": false, "scope_types": ["project"] | null, "description": "...",
         "operations": [{"method": "GET", "path": "/servers"}] | null,
         "deprecated_rule": {"name": "...", "check_str": "...",
                             "deprecated_reason": "...", "deprecated_since": "..."} | null,
         "deprecated_for_removal": false, "deprecated_reason": null, "deprecated_since": null}
      ]
    }

Only ``rules[].name`` and ``rules[].check_str`` are required when reading; the
``format`` marker is optional, so files written by other tools in the same shape load too.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable, Mapping

from policykit.errors import InputError
from policykit.findings import Location
from policykit.sources import read_text

EXPORT_FORMAT = "policykit-defaults/1"
ENTRY_POINT_GROUP = "oslo.policy.policies"


@dataclass(frozen=True)
class RegisteredDefault:
    name: str
    check_str: str
    description: str = ""
    scope_types: tuple[str, ...] | None = None
    operations: tuple[tuple[str, str], ...] = ()  # (method, path)
    deprecated_name: str | None = None
    deprecated_check_str: str | None = None
    deprecated_reason: str | None = None
    deprecated_since: str | None = None
    deprecated_for_removal: bool = False


@dataclass(frozen=True)
class DefaultsSet:
    """The registered defaults of one or more namespaces, keyed by policy name."""

    namespaces: tuple[str, ...]
    source: str  # "entry point nova" or the path of an exported file
    rules: Mapping[str, RegisteredDefault]
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __contains__(self, name: object) -> bool:
        return name in self.rules

    def get(self, name: str) -> RegisteredDefault | None:
        return self.rules.get(name)

    def renamed_from(self) -> dict[str, list[RegisteredDefault]]:
        """Deprecated (old) name → the registered defaults that replaced it (one old policy is
        often split into several new ones, each inheriting an override of the old name)."""
        renamed: dict[str, list[RegisteredDefault]] = {}
        for rule in self.rules.values():
            if rule.deprecated_name and rule.deprecated_name != rule.name and rule.deprecated_name not in self.rules:
                renamed.setdefault(rule.deprecated_name, []).append(rule)
        return renamed


def merge(sets: Iterable[DefaultsSet]) -> DefaultsSet | None:
    sets = list(sets)
    if not sets:
        return None
    if len(sets) == 1:
        return sets[0]
    rules: dict[str, RegisteredDefault] = {}
    for one in sets:
        rules.update(one.rules)
    return DefaultsSet(
        tuple(ns for one in sets for ns in one.namespaces), ", ".join(one.source for one in sets), rules
    )


# --- from installed services -------------------------------------------------------


def installed_namespaces() -> list[str]:
    return sorted({ep.name for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)})


def _method_text(method: Any) -> str:
    # Some services register several methods for one path as a list (keystone: ['HEAD', 'GET']).
    if isinstance(method, (list, tuple)):
        return ",".join(str(m) for m in method)
    return str(method)


def _from_rule_default(rule) -> RegisteredDefault:
    deprecated = getattr(rule, "deprecated_rule", None)
    operations = tuple(
        (_method_text(op.get("method", "")), str(op.get("path", ""))) for op in getattr(rule, "operations", None) or ()
    )
    scope_types = getattr(rule, "scope_types", None)
    return RegisteredDefault(
        name=rule.name,
        check_str=rule.check_str,
        description=rule.description or "",
        scope_types=tuple(scope_types) if scope_types else None,
        operations=operations,
        deprecated_name=deprecated.name if deprecated else None,
        deprecated_check_str=deprecated.check_str if deprecated else None,
        deprecated_reason=(getattr(deprecated, "deprecated_reason", None) if deprecated else None) or rule.deprecated_reason,
        deprecated_since=(getattr(deprecated, "deprecated_since", None) if deprecated else None) or rule.deprecated_since,
        deprecated_for_removal=bool(rule.deprecated_for_removal),
    )


def _entry_point(namespace: str):
    for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == namespace:
            return ep
    return None


def load_namespace(namespace: str) -> DefaultsSet:
    """The registered defaults of an installed service (entry point group ``oslo.policy.policies``)."""
    entry_point = _entry_point(namespace)
    if entry_point is None:
        known = ", ".join(installed_namespaces()) or "none"
        raise InputError(
            f"no installed service registers policy namespace {namespace!r} (installed: {known})",
            hint="install the service, or pass a file written by `policykit defaults export`",
        )
    # Services log their deprecations while registering; that noise is not ours to show.
    logging.getLogger("oslo_policy").setLevel(logging.ERROR)
    try:
        from oslo_policy import generator

        rule_defaults = list(generator.get_policies_dict([namespace]).get(namespace, ()))
    except Exception as exc:  # a broken service install must not crash the linter
        raise InputError(f"loading the registered defaults of {namespace!r} failed: {type(exc).__name__}: {exc}") from None
    rules = {rule.name: _from_rule_default(rule) for rule in rule_defaults}
    dist = entry_point.dist
    meta = {
        "namespace": namespace,
        "entry_point": entry_point.value,
        "distribution": dist.metadata["Name"] if dist else None,
        "distribution_version": dist.version if dist else None,
        "oslo.policy_version": _version("oslo.policy"),
    }
    return DefaultsSet((namespace,), f"entry point {namespace}", rules, meta)


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


# --- exported files ----------------------------------------------------------------


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _record_from_json(entry: Any, path: str, index: int) -> RegisteredDefault:
    where = Location(path)
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not isinstance(entry.get("check_str"), str):
        raise InputError(f"rules[{index}] needs a string 'name' and a string 'check_str'", where)
    deprecated = entry.get("deprecated_rule") or {}
    if not isinstance(deprecated, dict):
        raise InputError(f"rules[{index}] ({entry['name']}): 'deprecated_rule' must be an object or null", where)
    scope_types = entry.get("scope_types")
    operations = entry.get("operations") or ()
    return RegisteredDefault(
        name=entry["name"],
        check_str=entry["check_str"],
        description=_text_or_none(entry.get("description")) or "",
        scope_types=tuple(scope_types) if scope_types else None,
        operations=tuple(
            (_method_text(op.get("method", "")), str(op.get("path", ""))) for op in operations if isinstance(op, dict)
        ),
        deprecated_name=_text_or_none(deprecated.get("name")),
        deprecated_check_str=_text_or_none(deprecated.get("check_str")),
        deprecated_reason=_text_or_none(deprecated.get("deprecated_reason")) or _text_or_none(entry.get("deprecated_reason")),
        deprecated_since=_text_or_none(deprecated.get("deprecated_since")) or _text_or_none(entry.get("deprecated_since")),
        deprecated_for_removal=bool(entry.get("deprecated_for_removal")),
    )


def load_defaults_file(path: str | Path) -> DefaultsSet:
    """Read an exported defaults file (this module's format, which is also the corpus format)."""
    path = str(path)
    try:
        if not Path(path).exists():
            raise InputError(f"no such defaults file: {path}")
        data = json.loads(read_text(path, "defaults file"))
    except json.JSONDecodeError as exc:
        raise InputError(f"defaults file is not JSON: {exc.msg}", Location(path, exc.lineno, exc.colno)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read defaults file {path}: {exc}") from None
    if isinstance(data, list):  # a bare list of rules is accepted too
        data = {"rules": data}
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError("a defaults file is a JSON object with a 'rules' list", Location(path),
                         hint="write one with `policykit defaults export --namespace NS -o FILE`")
    rules = {}
    for index, entry in enumerate(data["rules"]):
        record = _record_from_json(entry, path, index)
        rules[record.name] = record
    namespace = data.get("namespace") if isinstance(data.get("namespace"), str) else Path(path).stem
    meta = {k: v for k, v in data.items() if k != "rules"}
    return DefaultsSet((namespace,), path, rules, meta)


def resolve_defaults(spec: str, base_dir: str | Path | None = None) -> DefaultsSet:
    """A ``--defaults``/``defaults:`` value: an exported file if one exists there, else a namespace."""
    candidate = Path(spec)
    if base_dir is not None and not candidate.is_absolute():
        candidate = Path(base_dir) / candidate
    # Anything but a folder at that path is read as a file, so the reader names a FIFO or a
    # device as such; a folder of the namespace's name (a `nova/` checkout) is not a file.
    if candidate.exists() and not candidate.is_dir():
        return load_defaults_file(candidate)
    if spec.endswith((".json", ".yaml", ".yml")) or "/" in spec:
        raise InputError(f"no such defaults file: {candidate}")
    return load_namespace(spec)


def _parsed_str(check_str: str) -> tuple[str, bool]:
    """oslo's str() of the check and whether the text failed to parse (it then denies everyone)."""
    logging.getLogger("oslo_policy._parser").setLevel(logging.CRITICAL)
    from oslo_policy import _parser

    parsed = str(_parser.parse_rule(check_str))
    return parsed, parsed == "!" and check_str.strip() not in ("!", "(!)")


def to_export(defaults: DefaultsSet) -> dict[str, Any]:
    rules = []
    for rule in defaults.rules.values():
        parsed, failed = _parsed_str(rule.check_str)
        deprecated = None
        if rule.deprecated_name or rule.deprecated_check_str:
            dep_parsed, dep_failed = _parsed_str(rule.deprecated_check_str or "")
            deprecated = {
                "name": rule.deprecated_name,
                "check_str": rule.deprecated_check_str,
                "parsed": dep_parsed,
                "parse_error": dep_failed,
                "deprecated_reason": rule.deprecated_reason,
                "deprecated_since": rule.deprecated_since,
            }
        rules.append({
            "name": rule.name,
            "check_str": rule.check_str,
            "parsed": parsed,
            "parse_error": failed,
            "scope_types": list(rule.scope_types) if rule.scope_types else None,
            "description": rule.description,
            "operations": [{"method": m, "path": p} for m, p in rule.operations] or None,
            "deprecated_for_removal": rule.deprecated_for_removal,
            "deprecated_reason": rule.deprecated_reason if rule.deprecated_for_removal else None,
            "deprecated_since": rule.deprecated_since if rule.deprecated_for_removal else None,
            "deprecated_rule": deprecated,
        })
    head = {"format": EXPORT_FORMAT}
    head.update({k: v for k, v in defaults.metadata.items() if k not in ("rules", "format", "rule_count")})
    head.setdefault("namespace", ",".join(defaults.namespaces))
    head["rule_count"] = len(rules)
    head["rules"] = rules
    return head


def export_text(defaults: DefaultsSet) -> str:
    return json.dumps(to_export(defaults), indent=1, ensure_ascii=False) + "\n"
