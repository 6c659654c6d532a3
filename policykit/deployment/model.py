"""The deployment model: one cloud as described by ``deployment.yaml``.

Plain, frozen dataclasses. Every object keeps the location of the YAML mapping it came
from (``location``) and, in ``field_locations``, the location of each value that was
written, so that checks can point at the exact key.

Identity ids: an object may carry an explicit ``id``; otherwise a stable id is derived
from its name with :func:`derived_id` — ``uuid5(NAMESPACE, "<kind>:<scope>/<name>").hex``,
32 lower-case hex digits like the ids Keystone generates, where the scope is the owning
domain's id for projects and users and empty for domains and roles. The domain named
``Default`` without an explicit id gets ``default``, the id ``keystone-manage bootstrap``
gives it. The same deployment therefore always yields the same ids.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from policykit.findings import Location

if TYPE_CHECKING:
    from policykit.sources import SourceDocument

NAMESPACE = uuid.UUID("5b0c3c0e-6d5e-4c55-9a54-7f3e2a1d9b10")
_NAMESPACE_BYTES = NAMESPACE.bytes
DEFAULT_DOMAIN_NAME = "Default"
DEFAULT_DOMAIN_ID = "default"

_NO_LOCATIONS: Mapping[str, Location] = MappingProxyType({})


def derived_id(kind: str, name: str, scope: str = "") -> str:
    """The stable id of an identity object that has no explicit id."""
    if kind == "domain" and name == DEFAULT_DOMAIN_NAME:
        return DEFAULT_DOMAIN_ID
    # uuid5 by hand (RFC 4122 §4.3, as uuid.uuid5 computes it) without a UUID object per id.
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{kind}:{scope}/{name}".encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    return digest.hex()


def _locations() -> Mapping[str, Location]:
    return field(default_factory=lambda: _NO_LOCATIONS, compare=False, repr=False)


@dataclass(frozen=True)
class Defaults:
    interfaces: tuple[str, ...] = ("public", "internal")
    scheme: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({"public": "http", "internal": "http", "admin": "http"})
    )
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True)
class Region:
    id: str
    description: str = ""
    parent: str | None = None
    hosts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True)
class Endpoint:
    """An endpoint written out explicitly in a service's ``endpoints`` list."""

    region: str | None  # None: an endpoint without a region (`region: null`)
    interface: str
    url: str
    enabled: bool = True
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True)
class Service:
    type: str
    name: str = ""
    description: str = ""
    port: int | None = None
    path: str = ""
    # None = the deployment's defaults.interfaces / every region.
    interfaces: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    endpoints: tuple[Endpoint, ...] = ()
    enabled: bool = True
    policy: tuple[Path, ...] = ()
    paste: Path | None = None
    config: Path | None = None
    defaults: str | None = None
    # Per-service overrides of the region hosts and the default schemes, by interface.
    hosts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    scheme: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Per-interface overrides of host, scheme, port and path: {"internal": {"path": "/v1"}}.
    per_interface: Mapping[str, Mapping] = field(default_factory=lambda: MappingProxyType({}))
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()

    @property
    def label(self) -> str:
        return f"{self.type} ({self.name})" if self.name else self.type


@dataclass(frozen=True)
class Domain:
    name: str
    id: str
    description: str = ""
    enabled: bool = True
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True)
class Project:
    name: str
    id: str
    domain: str  # the domain as written (name or id)
    domain_id: str | None  # None when ``domain`` names no known domain
    description: str = ""
    enabled: bool = True
    parent: str | None = None  # the parent project's name, for hierarchical projects
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True)
class Role:
    name: str
    id: str
    implies: tuple[str, ...] = ()
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True)
class User:
    name: str
    id: str
    domain: str
    domain_id: str | None
    description: str = ""
    enabled: bool = True
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True)
class Assignment:
    """A role given to a user on exactly one scope: a project, a domain or the system."""

    user: str
    role: str
    project: str | None = None
    domain: str | None = None
    system: str | None = None  # "all" for the whole system
    user_domain: str | None = None  # disambiguates ``user`` when names repeat across domains
    project_domain: str | None = None
    location: Location | None = field(default=None, compare=False)
    field_locations: Mapping[str, Location] = _locations()


@dataclass(frozen=True)
class Identity:
    domains: tuple[Domain, ...] = ()
    projects: tuple[Project, ...] = ()
    roles: tuple[Role, ...] = ()
    users: tuple[User, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    # Where the file used the old name ``tenants`` for ``projects`` (None if it did not).
    tenants_location: Location | None = field(default=None, compare=False)

    # -- look-ups by name or id ------------------------------------------------------
    # Indexed once on first use (deployments list 100,000 users and more); a name wins
    # over an id, and among equals the first in the file, as a scan in file order would.
    @cached_property
    def _index(self) -> dict[str, dict]:
        index: dict[str, dict] = {}
        for kind, items in (("domains", self.domains), ("roles", self.roles), ("users", self.users),
                            ("projects", self.projects)):
            by_name: dict = {}
            by_id: dict = {}
            for item in items:
                by_name.setdefault(item.name, []).append(item)
                by_id.setdefault(item.id, []).append(item)
            index[kind] = {"name": by_name, "id": by_id}
        return index

    def _first(self, kind: str, ref) -> object | None:
        index = self._index[kind]
        try:
            found = index["name"].get(ref) or index["id"].get(ref)
        except TypeError:  # an unhashable reference names nothing
            return None
        return found[0] if found else None

    def find_domain(self, ref: str | None) -> Domain | None:
        return None if ref is None else self._first("domains", ref)

    def find_role(self, ref: str) -> Role | None:
        return self._first("roles", ref)

    def find_users(self, ref: str, domain: str | None = None) -> list[User]:
        return self._find("users", ref, domain)

    def find_projects(self, ref: str, domain: str | None = None) -> list[Project]:
        return self._find("projects", ref, domain)

    def _find(self, kind: str, ref: str, domain: str | None):
        wanted_domain = self.find_domain(domain) if domain is not None else None
        if domain is not None and wanted_domain is None:
            return []
        index = self._index[kind]
        try:
            named, with_id = index["name"].get(ref, ()), index["id"].get(ref, ())
        except TypeError:
            return []
        if wanted_domain is not None:
            named = [i for i in named if i.domain_id == wanted_domain.id]
            with_id = [i for i in with_id if i.domain_id == wanted_domain.id]
        return list(named) or list(with_id)

    def implied_roles(self, name: str) -> list[str]:
        """``name`` followed by every role it implies, transitively, breadth first (cycles cut)."""
        seen = [name]
        queue = [name]
        while queue:
            role = self.find_role(queue.pop(0))
            for implied in role.implies if role else ():
                if implied not in seen:
                    seen.append(implied)
                    queue.append(implied)
        return seen


# Compared and hashed by identity: a loaded deployment can key caches.
@dataclass(frozen=True, eq=False)
class Deployment:
    path: Path
    cloud: str = ""
    version: int = 1
    defaults: Defaults = field(default_factory=Defaults)
    regions: tuple[Region, ...] = ()
    services: tuple[Service, ...] = ()
    identity: Identity = field(default_factory=Identity)
    document: "SourceDocument | None" = field(default=None, compare=False, repr=False)

    def region(self, region_id: str) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    def service_interfaces(self, service: Service) -> tuple[str, ...]:
        return service.interfaces if service.interfaces is not None else self.defaults.interfaces

    def service_regions(self, service: Service) -> tuple[str, ...]:
        return service.regions if service.regions is not None else tuple(r.id for r in self.regions)

    def service_listing(self, policy_path: str | Path) -> Service | None:
        """The service that lists ``policy_path`` among its policy files (or lists a
        ``policy.d`` folder holding it), if any.

        The loader has already resolved each service's paths against the deployment
        file's folder, so they compare as they are.
        """
        wanted = Path(policy_path).resolve()
        return next((service for service in self.services for listed in service.policy
                     if Path(listed).resolve() == wanted or Path(listed).resolve() in wanted.parents), None)
