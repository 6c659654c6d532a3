"""Looking endpoints up the way clients do: through keystoneauth1, on a rendered token.

``policykit catalog query`` and the tests use this, so that a URL policykit prints is the
URL keystoneauth1 (and with it the openstack CLI and most Python clients) would pick.
"""

from __future__ import annotations

from keystoneauth1 import access
from keystoneauth1.access import service_catalog
from keystoneauth1 import exceptions as ksa_exceptions


class NotFound(LookupError):
    """keystoneauth1 found no endpoint; the message is keystoneauth1's."""


def access_info(body: dict):
    """keystoneauth1's AccessInfo for a v3 (``token``) or v2 (``access``) body."""
    return access.create(body=body, auth_token="policykit-rendered-token")


def catalog_of(body: dict):
    """The keystoneauth1 ServiceCatalog of a v3 token, v2 access or ``GET /v3/auth/catalog`` body."""
    if "token" in body or "access" in body:
        return access_info(body).service_catalog
    return service_catalog.ServiceCatalogV3(body["catalog"])


def url_for(body: dict, service_type: str, interface: str = "public", region_name: str | None = None,
            service_name: str | None = None) -> str:
    try:
        return catalog_of(body).url_for(service_type=service_type, interface=interface, region_name=region_name,
                                        service_name=service_name)
    except (ksa_exceptions.EndpointNotFound, ksa_exceptions.EmptyCatalog) as exc:
        raise NotFound(str(exc) or type(exc).__name__) from None
