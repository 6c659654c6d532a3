"""Token-shaped renderings: the v3 token, ``GET /v3/auth/catalog`` and the legacy v2 access body.

``token_catalog`` is what Keystone's SQL catalog driver puts into ``token.catalog``
(``keystone.catalog.backends.sql.Catalog.get_v3_catalog``): enabled services only, each
with its enabled endpoints whose URL template expands (``policykit.catalog.substitution``);
a service left with no endpoints is still listed with ``"endpoints": []``. Ids are stable:
derived from the service's type and name and the endpoint's (service, interface, region).
"""

from __future__ import annotations

import uuid

from policykit.catalog.model import CatalogSpec, EndpointSpec, ServiceSpec
from policykit.catalog.render.scope import TokenScope
from policykit.catalog.substitution import Dropped, substitute
from policykit.deployment.model import NAMESPACE

ISSUED_AT = "2000-01-01T00:00:00.000000Z"
EXPIRES_AT = "2999-12-31T23:59:59.000000Z"


def service_id(service: ServiceSpec) -> str:
    return uuid.uuid5(NAMESPACE, f"service:{service.type}/{service.name}").hex


def endpoint_id(endpoint: EndpointSpec) -> str:
    return uuid.uuid5(NAMESPACE, "endpoint:" + "/".join(part or "" for part in endpoint.key)).hex


def _in_region(endpoint: EndpointSpec, region: str | None) -> bool:
    return region is None or endpoint.region == region


def token_catalog(spec: CatalogSpec, project_id: str | None = None, user_id: str | None = None,
                  region: str | None = None) -> list[dict]:
    """The v3 ``token.catalog`` list a token with this scope carries (project_id None: domain/system scope)."""
    catalog = []
    for service in spec.services:
        if not service.enabled:
            continue
        endpoints = []
        for endpoint in spec.endpoints:
            if (endpoint.service_type, endpoint.service_name) != (service.type, service.name):
                continue
            if not endpoint.enabled or not _in_region(endpoint, region):
                continue
            try:
                url = substitute(endpoint.url, project_id, user_id)
            except Dropped:
                continue
            endpoints.append({"id": endpoint_id(endpoint), "interface": endpoint.interface,
                              "region_id": endpoint.region, "url": url, "region": endpoint.region})
        catalog.append({"endpoints": endpoints, "id": service_id(service), "type": service.type,
                        "name": service.name})
    return catalog


def _audit_id(scope: TokenScope) -> str:
    return uuid.uuid5(NAMESPACE, f"audit:{scope.user_id}/{scope.project_id}").hex[:22]


def v3_token(spec: CatalogSpec, scope: TokenScope, region: str | None = None) -> dict:
    token = {
        "methods": ["password"],
        "user": {"domain": scope.user_domain, "id": scope.user_id, "name": scope.user_name,
                 "password_expires_at": None},
        "audit_ids": [_audit_id(scope)],
        "expires_at": EXPIRES_AT,
        "issued_at": ISSUED_AT,
    }
    roles = [dict(role) for role in scope.roles]
    # Keys in the order Keystone 30 writes them for each scope.
    if scope.project:
        token.update(project=scope.project, is_domain=False, roles=roles)
    elif scope.domain:
        token.update(domain=scope.domain, roles=roles)
    else:
        token.update(roles=roles, system={"all": True})
    token["catalog"] = token_catalog(spec, scope.project_id, scope.user_id, region)
    return {"token": token}


def identity_base(spec: CatalogSpec, scope: TokenScope, region: str | None = None) -> str:
    """The unversioned public identity URL (for ``links``), or a placeholder when there is none."""
    for service in token_catalog(spec, scope.project_id, scope.user_id, region):
        if service["type"] == "identity":
            for endpoint in service["endpoints"]:
                if endpoint["interface"] == "public":
                    base = endpoint["url"].rstrip("/")
                    return base[: -len("/v3")] if base.endswith("/v3") else base
    return "http://keystone.invalid"


def auth_catalog(spec: CatalogSpec, scope: TokenScope, region: str | None = None) -> dict:
    """The body of ``GET /v3/auth/catalog`` (Keystone answers it for project-scoped tokens only)."""
    return {"catalog": token_catalog(spec, scope.project_id, scope.user_id, region),
            "links": {"self": identity_base(spec, scope, region) + "/v3/auth/catalog"}}


def v2_service_catalog(v3_catalog: list[dict]) -> list[dict]:
    """v3 catalog → v2 ``serviceCatalog``: one entry per region, interfaces as ``<interface>URL`` keys.

    v2 cannot hold two endpoints of one interface in one region; like the old Keystone,
    one is kept (the first).
    """
    services = []
    for service in v3_catalog:
        by_region: dict = {}
        for endpoint in service["endpoints"]:
            entry = by_region.setdefault(endpoint["region_id"], {"id": endpoint["id"], "region": endpoint["region_id"]})
            entry.setdefault(f"{endpoint['interface']}URL", endpoint["url"])
        services.append({"type": service["type"], "name": service["name"], "endpoints_links": [],
                         "endpoints": list(by_region.values())})
    return services


def v2_access(spec: CatalogSpec, scope: TokenScope, region: str | None = None) -> dict:
    token = {"id": "policykit-rendered-token", "expires": EXPIRES_AT.replace(".000000", ""), "issued_at": ISSUED_AT,
             "audit_ids": [_audit_id(scope)]}
    if scope.project:
        token["tenant"] = {"id": scope.project["id"], "name": scope.project["name"], "enabled": True,
                           "description": None}
    catalog = token_catalog(spec, scope.project_id, scope.user_id, region)
    return {"access": {
        "token": token,
        "serviceCatalog": v2_service_catalog(catalog),
        "user": {"id": scope.user_id, "name": scope.user_name, "username": scope.user_name,
                 "roles_links": [], "roles": [{"name": role["name"]} for role in scope.roles]},
        "metadata": {"is_admin": 0, "roles": [role["id"] for role in scope.roles]},
    }}
