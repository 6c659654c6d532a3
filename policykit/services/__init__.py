"""The service registry: one ``ServiceProfile`` per OpenStack service, and how to tell
which service a file belongs to.

    >>> from policykit import services
    >>> services.get("network").name, services.get("volumev3").name, services.get("marconi").name
    ('neutron', 'cinder', 'zaqar')
    >>> services.detect("etc/nova/policy.json").profile.name
    'nova'

Everything that needs to know about a service — evaluation (its check kinds, derived
credentials, targets), the linter (its credentials, namespaces), the paste resolver
(how it picks its pipeline) — asks this registry; with no profile, plain oslo.policy
behaviour applies.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Mapping

from policykit.services import (
    aodh, ceilometer, cinder, glance, heat, ironic, keystone, neutron, nova, others, placement, sahara, trove, zaqar,
)
from policykit.services.profile import CheckFactory, PasteSpec, ServiceProfile, TargetHints

__all__ = ["Detection", "PasteSpec", "ServiceProfile", "TargetHints", "CheckFactory", "all_profiles", "detect",
           "get", "for_type", "names", "unknown_name_hint", "successor_type", "deployment_entry", "from_deployment_entry", "from_path"]

_PROFILES: tuple[ServiceProfile, ...] = (
    keystone.PROFILE, nova.PROFILE, neutron.PROFILE, glance.PROFILE, cinder.PROFILE, heat.PROFILE,
    ceilometer.PROFILE, trove.PROFILE, sahara.PROFILE, ironic.PROFILE, zaqar.PROFILE, aodh.PROFILE,
    placement.PROFILE, *others.PROFILES,
)
_BY_NAME: dict[str, ServiceProfile] = {}
for _profile in _PROFILES:
    for _name in _profile.names:
        _BY_NAME.setdefault(_name, _profile)
_BY_TYPE: dict[str, ServiceProfile] = {t: p for p in _PROFILES for t in p.types}
# Names the service's own files and folders are called by, longest first (neutron_lib before neutron).
_FILE_NAMES = sorted(((n, p) for p in _PROFILES for n in (p.name, *p.file_names)), key=lambda item: -len(item[0]))
_POLICY_FILE_NAMES = ("policy.json", "policy.yaml", "policy.yml")


def all_profiles() -> tuple[ServiceProfile, ...]:
    return _PROFILES


def names() -> list[str]:
    return [p.name for p in _PROFILES]


def get(name: str | None) -> ServiceProfile | None:
    """The profile a name means: a project name (nova), an older one (marconi, quantum),
    an oslo.policy namespace (neutron_lib), or a service type or alias (compute, volumev3)."""
    if not name:
        return None
    key = name.strip().lower()
    return _BY_NAME.get(key) or _BY_TYPE.get(key)


def unknown_name_hint(name: str) -> str:
    """What to say about a service name the registry does not know (a did-you-mean, or the names)."""
    from policykit.suggest import suggest

    close = suggest(name.strip().lower(), names())
    return f"did you mean {close!r}?" if close else f"known services: {', '.join(names())}"


def for_type(service_type: str | None) -> ServiceProfile | None:
    return _BY_TYPE.get(service_type.strip().lower()) if service_type else None


def successor_type(service_type: str) -> str | None:
    """The official type that replaced an old catalog type (``queuing`` → ``message``)."""
    profile = for_type(service_type)
    return profile.renamed_types.get(service_type) if profile is not None else None


@dataclass(frozen=True)
class Detection:
    """Which service a file belongs to, and what said so (shown to the user)."""

    profile: ServiceProfile | None
    source: str  # "--service", "deployment", "configuration", "path", "file name", or "unknown"

    @property
    def name(self) -> str | None:
        return self.profile.name if self.profile is not None else None


def deployment_entry(path: str | os.PathLike, deployment: Any):
    """The service entry of ``deployment`` that lists ``path`` (a policy file, or a file in a listed folder)."""
    listing = getattr(deployment, "service_listing", None)
    return listing(path) if listing is not None else None


def from_deployment_entry(service: Any) -> ServiceProfile | None:
    """The profile of a deployment's service entry: its defaults namespace, name, or type."""
    defaults = getattr(service, "defaults", None)
    namespace = defaults if isinstance(defaults, str) and not defaults.endswith((".json", ".yaml", ".yml")) \
        and "/" not in defaults else None
    for candidate in (namespace, getattr(service, "name", None), getattr(service, "type", None)):
        profile = get(candidate)
        if profile is not None:
            return profile
    return None


def _named_file(stem: str) -> ServiceProfile | None:
    for name, profile in _FILE_NAMES:
        if stem == name or (stem.startswith(name) and not stem[len(name)].isalpha()):
            return profile
    return None


def from_path(path: str) -> Detection:
    """The service a path names: ``etc/<service>/``, ``<service>/policy.yaml``, a policy.d
    folder under a service folder, or a file name that starts with the service name."""
    parts = [part.lower() for part in PurePath(os.path.abspath(path)).parts]
    by_folder = {name: profile for name, profile in _FILE_NAMES}
    for index, part in enumerate(parts[:-1]):
        if part == "etc" and parts[index + 1] in by_folder and index + 1 < len(parts) - 1:
            return Detection(by_folder[parts[index + 1]], "path")
    if len(parts) >= 2 and parts[-1] in _POLICY_FILE_NAMES and parts[-2] in by_folder:
        return Detection(by_folder[parts[-2]], "path")
    for index, part in enumerate(parts[1:], start=1):
        if part == "policy.d" and parts[index - 1] in by_folder:
            return Detection(by_folder[parts[index - 1]], "path")
    profile = _named_file(parts[-1]) if parts else None
    return Detection(profile, "file name") if profile is not None else Detection(None, "unknown")


def detect(path: str | os.PathLike | None, *, service: str | None = None, deployment: Any = None,
           globs: Mapping[str, str] | None = None, root: str | os.PathLike | None = None) -> Detection:
    """Which service ``path`` belongs to: ``service`` (``--service``) first, then the
    deployment entry that lists the file, then a ``[tool.policykit.services]`` glob
    (relative to ``root``), then the path. An unknown ``service`` name is an error for
    the caller to report (``get`` returns None for it)."""
    if service:
        return Detection(get(service), "--service")
    if path is None:
        return Detection(None, "unknown")
    path = os.fspath(path)
    if deployment is not None:
        entry = deployment_entry(path, deployment)
        profile = from_deployment_entry(entry) if entry is not None else None
        if profile is not None:
            return Detection(profile, "deployment")
    for pattern, name in (globs or {}).items():
        if _glob_matches(pattern, path, root) and get(name) is not None:
            return Detection(get(name), "configuration")
    return from_path(path)


def _glob_matches(pattern: str, path: str, root) -> bool:
    candidates = [path.replace(os.sep, "/")]
    if root is not None:
        try:
            candidates.append(os.path.relpath(os.path.abspath(path), os.path.abspath(root)).replace(os.sep, "/"))
        except ValueError:
            pass
    return any(fnmatch.fnmatchcase(c, pattern) or fnmatch.fnmatchcase(c, f"*/{pattern}") for c in candidates)
