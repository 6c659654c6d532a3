"""The desired catalog: what Keystone should hold, independent of any output format.

``policykit.catalog.builder.build_catalog(deployment)`` computes it from a deployment;
renderers, checks and the live-Keystone sync (plan/apply/fetch) all work from it.
URLs are templates exactly as stored in Keystone (``$(project_id)s`` left in place).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policykit.findings import Location

INTERFACES = ("public", "internal", "admin")


@dataclass(frozen=True)
class RegionSpec:
    id: str
    description: str = ""
    parent: str | None = None
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class ServiceSpec:
    type: str
    name: str
    description: str = ""
    enabled: bool = True
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class EndpointSpec:
    service_type: str
    service_name: str
    interface: str
    region: str
    url: str
    enabled: bool = True
    location: Location | None = field(default=None, compare=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.service_type, self.service_name, self.interface, self.region)


@dataclass(frozen=True)
class CatalogSpec:
    regions: tuple[RegionSpec, ...] = ()
    services: tuple[ServiceSpec, ...] = ()
    endpoints: tuple[EndpointSpec, ...] = ()
