"""``clouds.yaml`` entries and the legacy ``default_catalog.templates`` file."""

from __future__ import annotations

import yaml

from policykit.catalog.model import CatalogSpec
from policykit.catalog.render.scope import TokenScope
from policykit.catalog.substitution import substitute, Dropped


def _identity_url(spec: CatalogSpec, region: str, interface: str) -> str | None:
    candidates = [e for e in spec.endpoints if e.service_type == "identity" and e.enabled]
    # Another region's internal network may not be reachable from here: fall back to public.
    for wanted in ((region, interface), (region, "public"), (None, "public")):
        for e in candidates:
            if (wanted[0] is None or e.region == wanted[0]) and e.interface == wanted[1]:
                try:
                    return substitute(e.url)
                except Dropped:
                    continue
    return None


def clouds_yaml(spec: CatalogSpec, scope: TokenScope, cloud: str = "cloud", region: str | None = None) -> str:
    """One ``clouds:`` entry per (region, interface), as openstacksdk and the openstack CLI read them.

    ``auth_url`` is the identity endpoint of the same region and interface, else the
    public identity endpoint of that region, else of any region; passwords belong in
    ``secure.yaml`` and are left out.
    """
    clouds = {}
    regions = [r.id for r in spec.regions] or list(dict.fromkeys(e.region for e in spec.endpoints))
    for region_id in regions:
        if region is not None and region_id != region:
            continue
        interfaces = [i for i in ("public", "internal", "admin")
                      if any(e.region == region_id and e.interface == i and e.enabled for e in spec.endpoints)]
        for interface in interfaces:
            auth = {"auth_url": _identity_url(spec, region_id, interface), "username": scope.user_name,
                    "user_domain_name": scope.user_domain["name"]}
            if scope.project:
                auth.update(project_name=scope.project["name"], project_domain_name=scope.project["domain"]["name"])
            elif scope.domain:
                auth["domain_name"] = scope.domain["name"]
            else:
                auth["system_scope"] = "all"
            clouds[f"{cloud}-{region_id}-{interface}"] = {
                "auth": auth, "region_name": region_id, "interface": interface, "identity_api_version": 3,
            }
    header = "# clouds.yaml: one entry per region and interface; put passwords in secure.yaml.\n"
    return header + yaml.safe_dump({"clouds": clouds}, sort_keys=False, default_flow_style=False)


def templated(spec: CatalogSpec, region: str | None = None) -> str:
    """The legacy templated catalog (``default_catalog.templates``).

    Keystone deprecated the templated catalog driver in 25.0.0 (2024.1) and removed it in
    27.0.0 (2025.1); current Keystone loads only the SQL catalog. Disabled endpoints and
    services are left out (the format cannot say ``enabled``); a value containing the
    separator ``" = "`` cannot be written and is left out with a comment.
    """
    lines = [
        "# default_catalog.templates (legacy). Keystone removed the templated catalog driver",
        "# in 27.0.0 (2025.1); use this file only with an older Keystone or as documentation.",
        "# Current Keystone keeps the catalog in SQL: see --format openstack-cli or bootstrap.",
    ]
    enabled = {(s.type, s.name) for s in spec.services if s.enabled}
    for e in spec.endpoints:
        if (region is not None and e.region != region) or not e.enabled or (e.service_type, e.service_name) not in enabled:
            continue
        key = f"catalog.{e.region}.{e.service_type}"
        if " = " in e.url or not e.region or "." in e.region or e.interface not in ("public", "internal", "admin"):
            lines.append(f"# cannot be written in this format: {e.service_type} {e.interface} endpoint "
                         f"in region {e.region or '(none)'}: {e.url}")
            continue
        lines.append(f"{key}.{e.interface}URL = {e.url}")
    names = {}
    for e in spec.endpoints:
        if (e.service_type, e.service_name) in enabled and (region is None or e.region == region) and e.enabled:
            names.setdefault((e.region, e.service_type), e.service_name)
    for (region_id, service_type), name in names.items():
        if name and region_id and "." not in region_id:
            lines.append(f"catalog.{region_id}.{service_type}.name = {name}")
    return "\n".join(lines) + "\n"
