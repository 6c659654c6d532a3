"""Deployment → :class:`~policykit.catalog.model.CatalogSpec`.

For every service, every region it runs in (``regions``, default: all) and every
interface it offers (``interfaces``, default: ``defaults.interfaces``), the URL is
``<scheme>://<host>[:<port>]<path>``: scheme from the service's ``scheme`` or
``defaults.scheme``, host from the service's ``hosts`` or the region's ``hosts``; a
service's ``per_interface`` entry overrides host, scheme, port and path for one interface. An
explicit entry in ``endpoints`` replaces the computed endpoint with the same region and
interface, or adds one. URLs stay templates (``$(project_id)s`` as written).

Order is the deployment's order: services as listed, endpoints by region (as listed in
``regions``), then interface in the order of the service's interface list, then explicit
endpoints that replace nothing.
"""

from __future__ import annotations

from policykit.catalog.model import INTERFACES, CatalogSpec, EndpointSpec, RegionSpec, ServiceSpec
from policykit.deployment.model import Deployment, Service
from policykit.errors import InputError


class MissingHost(InputError):
    """A computed endpoint has no host: neither the region nor the service names one."""


def format_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host  # IPv6 literals


def computed_url(deployment: Deployment, service: Service, region_id: str, interface: str) -> str | None:
    """The URL computed for one (service, region, interface), or None when no host is known."""
    region = deployment.region(region_id)
    override = service.per_interface.get(interface, {})
    host = override.get("host") or service.hosts.get(interface) or (region.hosts.get(interface) if region else None)
    if not host:
        return None
    scheme = override.get("scheme") or service.scheme.get(interface) or deployment.defaults.scheme.get(interface, "http")
    port_number = override.get("port", service.port)
    port = f":{port_number}" if port_number is not None else ""
    return f"{scheme}://{format_host(host)}{port}{override.get('path', service.path)}"


def _service_endpoints(deployment: Deployment, service: Service, strict: bool) -> list[EndpointSpec]:
    def explicit_spec(entry):
        return EndpointSpec(service.type, service.name, entry.interface, entry.region, entry.url, entry.enabled,
                            entry.location)

    # The first explicit entry for a (region, interface) takes the computed endpoint's
    # place; any further ones are kept too (Keystone accepts duplicates; CT103 reports them).
    first_explicit = {}
    for entry in service.endpoints:
        first_explicit.setdefault((entry.region, entry.interface), entry)
    placed = set()
    endpoints = []
    for region_id in deployment.service_regions(service):
        for interface in deployment.service_interfaces(service):
            key = (region_id, interface)
            if key in first_explicit:
                placed.add(id(first_explicit[key]))
                endpoints.append(explicit_spec(first_explicit[key]))
                continue
            url = computed_url(deployment, service, region_id, interface)
            if url is None:
                if strict and interface not in INTERFACES:
                    raise InputError(f"service {service.label}: interface `{interface}` is not public, internal or "
                                     "admin", service.field_locations.get("interfaces", service.location),
                                     hint="write the interface as Keystone names it (CT001)")
                if strict:
                    raise MissingHost(
                        f"service {service.label}: region {region_id} has no {interface} host",
                        service.location,
                        hint=f"add `hosts: {{{interface}: ...}}` to region {region_id} (or to the service), "
                             "or an explicit endpoint",
                    )
                continue
            endpoints.append(EndpointSpec(service.type, service.name, interface, region_id, url, True,
                                          service.location))
    endpoints.extend(explicit_spec(entry) for entry in service.endpoints if id(entry) not in placed)
    return endpoints


def build_catalog(deployment: Deployment, strict: bool = True) -> CatalogSpec:
    """The catalog Keystone should hold for this deployment.

    ``strict`` (the default) raises ``InputError`` when an endpoint's URL cannot be
    computed (no host for its region and interface); the linter passes ``strict=False``
    and reports those as DP010 instead.
    """
    regions = [RegionSpec(r.id, r.description, r.parent, r.location) for r in deployment.regions]
    services = []
    endpoints = []
    for service in deployment.services:
        services.append(ServiceSpec(service.type, service.name, service.description, service.enabled,
                                    service.location))
        endpoints.extend(_service_endpoints(deployment, service, strict))
    return CatalogSpec(tuple(regions), tuple(services), tuple(endpoints))
