"""The catalog as a live Keystone holds it: regions, services and endpoints with their ids."""

from __future__ import annotations

from dataclasses import dataclass

from policykit.errors import PolicykitError


class KeystoneRequestFailed(PolicykitError):
    """Keystone answered a catalog request with an error."""


@dataclass(frozen=True)
class LiveRegion:
    id: str
    description: str = ""
    parent_region_id: str | None = None


@dataclass(frozen=True)
class LiveService:
    id: str
    type: str
    name: str = ""
    description: str = ""
    enabled: bool = True


@dataclass(frozen=True)
class LiveEndpoint:
    id: str
    service_id: str
    interface: str
    region_id: str | None
    url: str
    enabled: bool = True


@dataclass(frozen=True)
class LiveCatalog:
    regions: tuple[LiveRegion, ...] = ()
    services: tuple[LiveService, ...] = ()
    endpoints: tuple[LiveEndpoint, ...] = ()

    def service(self, service_id: str) -> LiveService | None:
        return next((s for s in self.services if s.id == service_id), None)


def read_live_catalog(adapter) -> LiveCatalog:
    """GET /v3/regions, /v3/services and /v3/endpoints."""
    regions = [
        LiveRegion(r["id"], r.get("description") or "", r.get("parent_region_id") or None)
        for r in _list(adapter, "/regions", "regions")
    ]
    services = [
        LiveService(s["id"], s["type"], s.get("name") or "", s.get("description") or "", bool(s.get("enabled", True)))
        for s in _list(adapter, "/services", "services")
    ]
    endpoints = [
        LiveEndpoint(
            e["id"],
            e["service_id"],
            e["interface"],
            e.get("region_id") or e.get("region") or None,
            e["url"],
            bool(e.get("enabled", True)),
        )
        for e in _list(adapter, "/endpoints", "endpoints")
    ]
    return LiveCatalog(tuple(regions), tuple(services), tuple(endpoints))


def _list(adapter, path: str, key: str) -> list[dict]:
    body = adapter.get(path).json()
    if body.get("truncated"):
        # [DEFAULT] list_limit cut the answer short: a plan from part of the catalog
        # would create duplicates and prune what it did not see.
        raise KeystoneRequestFailed(
            f"Keystone truncated GET {path} (its [DEFAULT] list_limit is set); policykit needs the whole list"
        )
    return body[key]
