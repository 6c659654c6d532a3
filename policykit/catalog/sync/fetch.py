"""The live catalog as deployment.yaml: bring an existing cloud under policykit.

Every endpoint is written out explicitly under its service, with the service's
``interfaces`` and ``regions`` limited to what it really has (``interfaces: []`` where
it does not offer every interface in every region), so that nothing is computed from
hosts and ports and ``plan`` against the file reports no change. Region
``hosts`` are filled in where all endpoints of an interface in that region share one
host — a starting point for services added later, not needed by the fetched ones.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import yaml

from policykit.catalog.model import INTERFACES, CatalogSpec, EndpointSpec, RegionSpec, ServiceSpec
from policykit.catalog.sync.live import LiveCatalog


def live_to_spec(live: LiveCatalog) -> CatalogSpec:
    """The live catalog in the model the rest of policykit works with."""
    regions = tuple(RegionSpec(r.id, r.description, r.parent_region_id) for r in live.regions)
    services = tuple(ServiceSpec(s.type, s.name, s.description, s.enabled) for s in live.services)
    endpoints = []
    for endpoint in live.endpoints:
        service = live.service(endpoint.service_id)
        if service is None:
            continue  # Keystone deletes a service's endpoints with it; nothing to describe
        endpoints.append(
            EndpointSpec(service.type, service.name, endpoint.interface, endpoint.region_id or "", endpoint.url,
                         endpoint.enabled)
        )
    return CatalogSpec(regions, services, tuple(endpoints))


def derivable_hosts(live: LiveCatalog, region_id: str) -> dict[str, str]:
    hosts: dict[str, str] = {}
    for interface in INTERFACES:
        names = {
            urlsplit(e.url).hostname
            for e in live.endpoints
            if e.region_id == region_id and e.interface == interface
        }
        if len(names) == 1 and None not in names:
            hosts[interface] = names.pop()
    return hosts


def deployment_document(live: LiveCatalog) -> dict:
    document: dict = {"version": 1, "regions": [], "services": []}
    for region in live.regions:
        entry: dict = {"id": region.id}
        if region.description:
            entry["description"] = region.description
        if region.parent_region_id:
            entry["parent"] = region.parent_region_id
        hosts = derivable_hosts(live, region.id)
        if hosts:
            entry["hosts"] = hosts
        document["regions"].append(entry)
    for service in live.services:
        entry = {"type": service.type, "name": service.name}
        if service.description:
            entry["description"] = service.description
        if not service.enabled:
            entry["enabled"] = False
        endpoints = [e for e in live.endpoints if e.service_id == service.id]
        interfaces = [i for i in INTERFACES if any(e.interface == i for e in endpoints)]
        interfaces += sorted({e.interface for e in endpoints} - set(INTERFACES))
        regions = list(dict.fromkeys(e.region_id or "" for e in endpoints))
        pairs = {(e.region_id or "", e.interface) for e in endpoints}
        if pairs == {(r, i) for r in regions for i in interfaces} and "" not in regions:
            entry["interfaces"], entry["regions"] = interfaces, regions
        else:
            # Not every interface in every region: an empty interface list computes no
            # endpoint from region hosts, so exactly the explicit ones below exist.
            entry["interfaces"] = []
        entry["endpoints"] = []
        for endpoint in endpoints:
            item = {"region": endpoint.region_id or "", "interface": endpoint.interface, "url": endpoint.url}
            if not endpoint.enabled:
                item["enabled"] = False
            entry["endpoints"].append(item)
        document["services"].append(entry)
    return document


def deployment_yaml(live: LiveCatalog, source: str) -> str:
    header = (
        f"# The service catalog of the Keystone at {source}, as fetched by `policykit catalog fetch`.\n"
        "# Every endpoint is explicit; `policykit catalog plan` against this file reports no change.\n"
    )
    body = yaml.safe_dump(
        deployment_document(live), sort_keys=False, default_flow_style=None, width=4096, allow_unicode=True
    )
    return header + body
