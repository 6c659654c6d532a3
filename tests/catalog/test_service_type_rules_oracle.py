"""CT101/CT102/CT202 agree with how keystoneauth1 matches service types."""

from __future__ import annotations

from pathlib import Path

import pytest
from keystoneauth1 import exceptions
from keystoneauth1.access.service_catalog import ServiceCatalogV3
from os_service_types import ServiceTypes

from policykit.catalog.lint import CatalogContext, run_catalog_rules
from policykit.catalog.model import CatalogSpec, EndpointSpec, RegionSpec, ServiceSpec

TYPES = ServiceTypes()


def codes_for(service_type):
    spec = CatalogSpec((RegionSpec("R"),), (ServiceSpec(service_type, "svc"),),
                       (EndpointSpec(service_type, "svc", "public", "R", "https://api.example.com/x"),))
    return {f.code for f in run_catalog_rules(CatalogContext(Path("c"), spec))}


def found_by(catalog_type, requested):
    catalog = ServiceCatalogV3([{"id": "s", "type": catalog_type, "name": "svc", "endpoints": [
        {"id": "e", "interface": "public", "region_id": "R", "region": "R", "url": "https://api.example.com/x"}]}])
    try:
        catalog.url_for(service_type=requested, region_name="R")
        return True
    except exceptions.EndpointNotFound:
        return False


@pytest.mark.parametrize("catalog_type,intended", [
    ("Compute", "compute"), ("computev21", "compute"), ("COMPUTE", "compute"), ("imagev2", "image"),
    ("netwrok", "network"), ("Block-Storage", "block-storage"),
])
def test_types_ct101_flags_are_missed_by_clients(catalog_type, intended):
    assert "CT101" in codes_for(catalog_type)
    assert not found_by(catalog_type, intended)


def test_underscore_types_are_flagged_though_keystoneauth1_normalises_them():
    assert "CT101" in codes_for("object_store")
    assert found_by("object_store", "object-store")  # keystoneauth1 5.x reads _ as -
    assert not found_by("object-store", "object_store")  # ... but only on the catalog side


@pytest.mark.parametrize("official", ["compute", "block-storage", "shared-file-system", "object-store", "identity"])
def test_official_types_and_aliases_are_found_by_every_name(official):
    for name in TYPES.get_all_types(official):
        codes = codes_for(name)
        assert "CT101" not in codes and "CT202" not in codes
        assert ("CT102" in codes) == (name != official)
        assert found_by(name, official)


def test_custom_types_only_match_exactly():
    assert "CT202" in codes_for("billing") and "CT101" not in codes_for("billing")
    assert not {"CT101", "CT202"} & codes_for("acme:billing")
    assert found_by("acme:billing", "acme:billing") and not found_by("acme:billing", "billing")
