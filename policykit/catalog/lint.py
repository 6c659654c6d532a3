"""Linting a service catalog: the CT rules.

The rules see a :class:`CatalogContext`: the catalog as a :class:`CatalogSpec` (URL
templates as Keystone stores them), the deployment it was built from when there is one,
and, for catalog bodies read from a file (a token, ``GET /v3/auth/catalog``), which
facts the body cannot tell (templates are already substituted; regions are not listed).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from policykit.catalog.model import CatalogSpec, EndpointSpec, ServiceSpec
from policykit.findings import Finding, Location
from policykit.rules import CATALOG, Rule, rules_of


@lru_cache(maxsize=1)
def service_types():
    """os-service-types' registry, from the data bundled with the package (no network)."""
    import os_service_types

    return os_service_types.ServiceTypes()


@dataclass
class CatalogContext:
    path: Path
    catalog: CatalogSpec
    deployment: object | None = None  # policykit.deployment.model.Deployment
    # False for a rendered catalog body: URLs are already substituted and the body does
    # not list regions, so checks of templates and of declared regions do not apply.
    templates: bool = True
    regions_declared: bool = True

    @property
    def types(self):
        return service_types()

    def endpoints_of(self, service: ServiceSpec) -> list[EndpointSpec]:
        return [e for e in self.catalog.endpoints
                if (e.service_type, e.service_name) == (service.type, service.name)]

    def location(self, item) -> Location:
        return getattr(item, "location", None) or Location(str(self.path))

    def service_location(self, service: ServiceSpec, key: str | None = None) -> Location:
        """The location of a service, or of one of its keys when the deployment has it."""
        if self.deployment is not None and key is not None:
            for candidate in self.deployment.services:
                if (candidate.type, candidate.name) == (service.type, service.name) and key in candidate.field_locations:
                    return candidate.field_locations[key]
        return self.location(service)

    def endpoint_location(self, endpoint: EndpointSpec, key: str | None = None) -> Location:
        """An explicit endpoint's location, else the service key that produced the URL."""
        if self.deployment is not None and key is not None:
            for service in self.deployment.services:
                if (service.type, service.name) != (endpoint.service_type, endpoint.service_name):
                    continue
                for explicit in service.endpoints:
                    if explicit.location == endpoint.location:
                        return explicit.field_locations.get(key, explicit.location)
                field = {"url": "path", "interface": "interfaces", "region": "regions"}.get(key, key)
                if key in ("interface", "region"):
                    # point at the list item that produced this endpoint, when the list is written out
                    values = service.interfaces if key == "interface" else service.regions
                    wanted = endpoint.interface if key == "interface" else endpoint.region
                    if values and wanted in values:
                        item = service.field_locations.get(f"{field}.{values.index(wanted)}")
                        if item is not None:
                            return item
                if field in service.field_locations:
                    return service.field_locations[field]
        return self.location(endpoint)


def catalog_rules() -> list[Rule]:
    return rules_of(CATALOG)


def run_catalog_rules(context: CatalogContext, rules: list[Rule] | None = None,
                      rule_options: Mapping[str, Mapping[str, Any]] | None = None) -> list[Finding]:
    findings = []
    rule_options = rule_options or {}
    for rule in rules if rules is not None else catalog_rules():
        findings.extend(rule.check(context, rule_options.get(rule.code)))
    return _unique(findings)


def _unique(findings: list[Finding]) -> list[Finding]:
    """Computed endpoints share a location; one finding per (code, location, message) is enough."""
    seen = set()
    result = []
    for finding in findings:
        key = (finding.code, finding.location, finding.message)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result


def lint_catalog_of_deployment(deployment, rules: list[Rule] | None = None,
                               rule_options: Mapping[str, Mapping[str, Any]] | None = None) -> list[Finding]:
    from policykit.catalog.builder import build_catalog

    spec = build_catalog(deployment, strict=False)
    return run_catalog_rules(CatalogContext(deployment.path, spec, deployment), rules, rule_options)


def lint_catalog_file(path: str | Path, rules: list[Rule] | None = None,
                      rule_options: Mapping[str, Mapping[str, Any]] | None = None,
                      ) -> tuple[object | None, list[Finding]]:
    """CT findings for a catalog body (token, auth-catalog, v2 access); (None, [CT000-style error]) if unreadable.

    Checks that need URL templates or the list of declared regions do not apply to a
    body and are skipped.
    """
    from policykit.catalog.readers import read_catalog_body
    from policykit.errors import InputError

    try:
        body = read_catalog_body(path)
    except InputError as exc:
        from policykit.findings import Severity

        return None, [Finding("CT000", exc.message, exc.location or Location(str(path)), Severity.ERROR, exc.hint)]
    context = CatalogContext(Path(path), body.spec, None, templates=False, regions_declared=False)
    return body, sorted(run_catalog_rules(context, rules, rule_options), key=Finding.sort_key)


def url_source(context: CatalogContext, endpoint: EndpointSpec, part: str) -> Location:
    """Where the ``part`` ("host" or "scheme") of a computed endpoint's URL was written.

    An explicit endpoint's URL is its own source. For a computed one: the service's
    ``per_interface`` entry, then its ``hosts``/``scheme``, then the region's hosts or the
    deployment's default schemes — the first that sets it.
    """
    deployment = context.deployment
    service = None
    if deployment is not None:
        service = next((s for s in deployment.services
                        if (s.type, s.name) == (endpoint.service_type, endpoint.service_name)), None)
    if service is None or any(e.location == endpoint.location for e in service.endpoints):
        return context.endpoint_location(endpoint, "url")
    plural = "hosts" if part == "host" else "scheme"
    candidates = [(service.field_locations, f"per_interface.{endpoint.interface}.{part}"),
                  (service.field_locations, f"{plural}.{endpoint.interface}"), (service.field_locations, plural)]
    if part == "host":
        region = deployment.region(endpoint.region) if endpoint.region else None
        if region is not None:
            candidates.append((region.field_locations, f"hosts.{endpoint.interface}"))
    else:
        candidates += [(deployment.defaults.field_locations, f"scheme.{endpoint.interface}"),
                       (deployment.defaults.field_locations, "scheme")]
    for locations, key in candidates:
        if key in locations:
            return locations[key]
    return context.location(endpoint)
