"""Reading catalog bodies back: a v3 token, ``GET /v3/auth/catalog``, a v2 access body.

The body is read with positions (``policykit.sources``), so that checks over a catalog
from a file point at its lines. The result is a :class:`CatalogSpec` whose URLs are the
substituted URLs of the body (a token carries no templates) and which lists no regions
(a catalog does not say which regions exist).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykit.catalog.model import CatalogSpec, EndpointSpec, ServiceSpec
from policykit.errors import InputError
from policykit.findings import Location
from policykit.sources import Node, SourceDocument, load_document, to_python

V3_TOKEN = "v3-token"
AUTH_CATALOG = "auth-catalog"
V2_ACCESS = "v2-access"


@dataclass(frozen=True)
class CatalogBody:
    path: Path
    kind: str  # V3_TOKEN | AUTH_CATALOG | V2_ACCESS
    body: Any  # the body as json.load gives it
    spec: CatalogSpec
    has_catalog: bool  # False for an unscoped token (no `catalog` key at all)
    document: SourceDocument


def _get(node: Node | None, key: str) -> Node | None:
    if node is None or node.kind != "mapping":
        return None
    found = None
    for k, v in node.items():
        if k.value == key:
            found = v
    return found


def _text(node: Node | None) -> str | None:
    if node is None or node.is_null:
        return None
    return str(node.value) if node.kind == "scalar" else None


def _list(node: Node | None, where: str, document: SourceDocument) -> list[Node]:
    if node is None or node.is_null:
        return []
    if node.kind != "sequence":
        raise InputError(f"{where} must be a list", document.location(node))
    return list(node.value)


def _v3_catalog(catalog: Node, document: SourceDocument) -> CatalogSpec:
    services, endpoints = [], []
    for service in _list(catalog, "catalog", document):
        location = document.location(service)
        if service.kind != "mapping":
            raise InputError("a catalog entry must be a mapping (a service)", location)
        service_type, name = _text(_get(service, "type")) or "", _text(_get(service, "name")) or ""
        services.append(ServiceSpec(service_type, name, location=location))
        for endpoint in _list(_get(service, "endpoints"), f"endpoints of {service_type}", document):
            if endpoint.kind != "mapping":
                raise InputError("an endpoint must be a mapping", document.location(endpoint))
            interface = _text(_get(endpoint, "interface"))
            if interface is None:
                raise InputError(f"{service_type} endpoint has no `interface` (keystoneauth1 fails on it with KeyError)",
                                 document.location(endpoint))
            region = _text(_get(endpoint, "region_id")) or _text(_get(endpoint, "region"))
            enabled = _get(endpoint, "enabled")
            endpoints.append(EndpointSpec(service_type, name, interface, region, _text(_get(endpoint, "url")) or "",
                                          not (enabled is not None and enabled.value is False),
                                          document.location(endpoint)))
    return CatalogSpec((), tuple(services), tuple(endpoints))


def _v2_catalog(catalog: Node, document: SourceDocument) -> CatalogSpec:
    services, endpoints = [], []
    for service in _list(catalog, "serviceCatalog", document):
        location = document.location(service)
        if service.kind != "mapping":
            raise InputError("a serviceCatalog entry must be a mapping (a service)", location)
        service_type, name = _text(_get(service, "type")) or "", _text(_get(service, "name")) or ""
        services.append(ServiceSpec(service_type, name, location=location))
        for entry in _list(_get(service, "endpoints"), f"endpoints of {service_type}", document):
            region = _text(_get(entry, "region"))
            for key, value in entry.items() if entry.kind == "mapping" else ():
                if isinstance(key.value, str) and key.value.endswith("URL") and _text(value):
                    endpoints.append(EndpointSpec(service_type, name, key.value[:-3], region, _text(value),
                                                  True, document.location(key)))
    return CatalogSpec((), tuple(services), tuple(endpoints))


def read_catalog_body(path: str | Path) -> CatalogBody:
    """Read a v3 token, auth-catalog or v2 access body; raise ``InputError`` if it is none of them."""
    path = Path(path)
    document = load_document(path, "catalog body")
    document.refuse_expansion(str(path))
    root = document.root
    if root is None or root.kind != "mapping":
        raise InputError("a catalog body must be a JSON object", Location(str(path), 1, 1),
                         hint='expected {"token": ...}, {"catalog": [...]} or {"access": ...}')
    body = to_python(root)
    if (token := _get(root, "token")) is not None:
        catalog = _get(token, "catalog")
        spec = _v3_catalog(catalog, document) if catalog is not None else CatalogSpec()
        return CatalogBody(path, V3_TOKEN, body, spec, catalog is not None, document)
    if (catalog := _get(root, "catalog")) is not None:
        return CatalogBody(path, AUTH_CATALOG, body, _v3_catalog(catalog, document), True, document)
    if (access := _get(root, "access")) is not None:
        catalog = _get(access, "serviceCatalog")
        spec = _v2_catalog(catalog, document) if catalog is not None else CatalogSpec()
        return CatalogBody(path, V2_ACCESS, body, spec, catalog is not None, document)
    raise InputError("not a catalog body", document.location(root),
                     hint='expected {"token": ...}, {"catalog": [...]} or {"access": ...}')
