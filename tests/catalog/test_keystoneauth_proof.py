"""Rendered catalogs, read back by keystoneauth1, resolve to the URLs the deployment describes.

keystoneauth1 is the oracle: every v3 token, GET /v3/auth/catalog body and v2 access
body policykit renders is parsed by it (access.create / ServiceCatalogV3), and every
(service type or alias, interface, region) is looked up with url_for.
"""

from __future__ import annotations

import json

import pytest
from keystoneauth1 import access, exceptions
from keystoneauth1.access.service_catalog import ServiceCatalogV2, ServiceCatalogV3
from os_service_types import ServiceTypes

from catalog_testdata import EXAMPLE
from policykit.catalog.builder import build_catalog
from policykit.catalog.render import render
from policykit.deployment import load_deployment

TYPES = ServiceTypes()


def catalogs(deployment, project=None):
    """keystoneauth1 service catalogs of the three token-shaped renderings."""
    spec = build_catalog(deployment)
    v3 = json.loads(render(spec, "v3", project=project, deployment=deployment))
    v2 = json.loads(render(spec, "v2", project=project, deployment=deployment))
    result = {
        "v3": access.create(body=v3, auth_token="t").service_catalog,
        "v2": access.create(body=v2, auth_token="t").service_catalog,
    }
    assert isinstance(access.create(body=v3, auth_token="t"), access.AccessInfoV3)
    assert isinstance(access.create(body=v2, auth_token="t"), access.AccessInfoV2)
    result["v3-from-token"] = ServiceCatalogV3.from_token(v3)
    result["v2-from-token"] = ServiceCatalogV2.from_token(v2)
    if project:
        body = json.loads(render(spec, "auth-catalog", project=project, deployment=deployment))
        result["auth-catalog"] = ServiceCatalogV3(body["catalog"])
    return result


def project_id(deployment, name):
    return deployment.identity.find_projects(name)[0].id


# Written by hand from examples/deployment.yaml (hosts, schemes, ports and paths).
R1_PUBLIC, R1_INTERNAL = "https://api.example.com", "http://controller.r1.example.internal"
R2_PUBLIC, R2_INTERNAL = "https://api.r2.example.com", "http://controller.r2.example.internal"
EXPECTED = [
    ("identity", "public", "RegionOne", f"{R1_PUBLIC}:5000/v3"),
    ("identity", "internal", "RegionOne", f"{R1_INTERNAL}:5000/v3"),
    ("identity", "admin", "RegionOne", f"{R1_INTERNAL}:5000/v3"),
    ("compute", "public", "RegionOne", f"{R1_PUBLIC}:8774/v2.1"),
    ("compute", "internal", "RegionOne", f"{R1_INTERNAL}:8774/v2.1"),
    ("compute", "public", "RegionTwo", f"{R2_PUBLIC}:8774/v2.1"),
    ("compute", "internal", "RegionTwo", f"{R2_INTERNAL}:8774/v2.1"),
    ("image", "public", "RegionOne", f"{R1_PUBLIC}:9292"),
    ("image", "internal", "RegionOne", f"{R1_INTERNAL}:9292"),
    ("block-storage", "public", "RegionOne", f"{R1_PUBLIC}:8776/v3"),
    ("block-storage", "internal", "RegionOne", f"{R1_INTERNAL}:8776/v3"),
    ("placement", "public", "RegionOne", f"{R1_PUBLIC}:8778"),
    ("placement", "public", "RegionTwo", f"{R2_PUBLIC}:8778"),
    ("placement", "internal", "RegionTwo", f"{R2_INTERNAL}:8778"),
    ("network", "public", "RegionOne", f"{R1_PUBLIC}:9696"),
    ("network", "internal", "RegionTwo", f"{R2_INTERNAL}:9696"),
    ("object-store", "public", "RegionOne", f"{R1_PUBLIC}:8080/v1/AUTH_{{demo}}"),
    ("object-store", "internal", "RegionOne", f"{R1_INTERNAL}:8080/v1/AUTH_{{demo}}"),
]


@pytest.fixture(scope="module")
def example():
    return load_deployment(EXAMPLE)


@pytest.fixture(scope="module")
def demo_catalogs(example):
    return catalogs(example, "demo")


@pytest.mark.parametrize("service_type,interface,region,url", EXPECTED)
@pytest.mark.parametrize("fmt", ["v3", "v2", "auth-catalog", "v3-from-token", "v2-from-token"])
def test_every_type_and_alias_resolves(example, demo_catalogs, fmt, service_type, interface, region, url):
    wanted = url.replace("{demo}", project_id(example, "demo"))
    for name in TYPES.get_all_types(service_type):  # the official type, then every alias
        found = demo_catalogs[fmt].url_for(service_type=name, interface=interface, region_name=region)
        assert found == wanted, name


@pytest.mark.parametrize("fmt", ["v3", "v2", "auth-catalog", "v3-from-token", "v2-from-token"])
@pytest.mark.parametrize("service_type,interface,region", [
    ("image", "public", "RegionTwo"),          # glance runs in RegionOne only
    ("compute", "admin", "RegionOne"),         # admin is offered by identity only
    ("compute", "public", "regionone"),        # region names compare exactly
    ("identity", "public", "RegionTwo"),       # one Keystone, registered in RegionOne
    ("dns", "public", None),                   # not in the deployment at all
])
def test_lookups_that_must_fail(demo_catalogs, fmt, service_type, interface, region):
    with pytest.raises(exceptions.EndpointNotFound):
        demo_catalogs[fmt].url_for(service_type=service_type, interface=interface, region_name=region)


def test_system_scoped_token_omits_project_templated_endpoints(example):
    system = catalogs(example)
    for fmt in ("v3", "v2"):
        with pytest.raises(exceptions.EndpointNotFound):
            system[fmt].url_for(service_type="object-store", interface="public", region_name="RegionOne")
        assert system[fmt].url_for(service_type="compute", region_name="RegionTwo") == f"{R2_PUBLIC}:8774/v2.1"
    spec = build_catalog(example)
    body = json.loads(render(spec, "v3", deployment=example))
    assert body["token"]["system"] == {"all": True} and "project" not in body["token"]
    swift = [s for s in body["token"]["catalog"] if s["type"] == "object-store"]
    assert swift and swift[0]["endpoints"] == []  # listed, as Keystone lists it, but empty


DISABLED = """
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: compute, name: nova, port: 8774, path: /v2.1, enabled: false}
  - type: image
    name: glance
    port: 9292
    endpoints:
      - {region: RegionOne, interface: internal, url: "http://controller:9292", enabled: false}
identity:
  projects: [demo]
  roles: [member]
  users: [alice]
  assignments: [{user: alice, role: member, project: demo}]
"""


def test_disabled_services_and_endpoints_are_left_out(write_deployment):
    deployment = load_deployment(write_deployment(DISABLED))
    for fmt, catalog in catalogs(deployment, "demo").items():
        with pytest.raises(exceptions.EndpointNotFound):
            catalog.url_for(service_type="compute", interface="public")
        with pytest.raises(exceptions.EndpointNotFound):
            catalog.url_for(service_type="image", interface="internal")
        assert catalog.url_for(service_type="image", interface="public") == "http://api.example.com:9292"
    body = json.loads(render(build_catalog(deployment), "v3", project="demo", deployment=deployment))
    assert [s["type"] for s in body["token"]["catalog"]] == ["image"]


def test_query_command_resolves_through_keystoneauth(capsys):
    from policykit.cli import main

    assert main(["catalog", "query", str(EXAMPLE), "--service-type", "volume", "--region", "RegionOne",
                 "--interface", "internalURL"]) == 0
    assert capsys.readouterr().out.strip() == f"{R1_INTERNAL}:8776/v3"
    assert main(["catalog", "query", str(EXAMPLE), "--service-type", "object-store"]) == 1
    err = capsys.readouterr().err
    assert "object-store" in err and "needs a project" in err and "--project" in err
    # A type no endpoint has is only "not found", keystoneauth1's words.
    assert main(["catalog", "query", str(EXAMPLE), "--service-type", "object-stor"]) == 1
    assert "not found" in (err := capsys.readouterr().err) and "project" not in err
    assert main(["catalog", "query", str(EXAMPLE), "--service-type", "object-store", "--project", "demo"]) == 0
    assert capsys.readouterr().out.strip().startswith(f"{R1_PUBLIC}:8080/v1/AUTH_")


DOMAIN_ONLY = """
version: 1
regions:
  - {id: RegionOne, hosts: {public: api.example.com, internal: controller}}
services:
  - {type: object-store, name: swift, port: 8080, path: "/v1/AUTH_$(project_id)s"}
  - {type: image, name: glance, port: 9292}
identity:
  domains: [{name: customers}]
  roles: [admin]
  users: [{name: carol, domain: customers}]
  assignments: [{user: carol, role: admin, domain: customers}]
"""


def test_domain_scoped_token_omits_project_templated_endpoints(write_deployment):
    deployment = load_deployment(write_deployment(DOMAIN_ONLY))
    body = json.loads(render(build_catalog(deployment), "v3", deployment=deployment))
    assert body["token"]["domain"]["name"] == "customers" and "system" not in body["token"]
    catalog = access.create(body=body, auth_token="t").service_catalog
    with pytest.raises(exceptions.EndpointNotFound):
        catalog.url_for(service_type="object-store")
    assert catalog.url_for(service_type="image") == "http://api.example.com:9292"


@pytest.mark.parametrize("project,real", [("demo", "project_token.json"), (None, "system_token.json")])
def test_token_shape_matches_a_real_keystone_token(example, project, real):
    from catalog_testdata import CORPUS

    if not (CORPUS / real).is_file():
        pytest.skip("corpus/catalog not available")
    reference = json.loads((CORPUS / real).read_text())["token"]
    ours = json.loads(render(build_catalog(example), "v3", project=project, deployment=example))["token"]
    assert list(ours) == list(reference)
    assert list(ours["catalog"][0]) == list(reference["catalog"][0])
    assert list(ours["catalog"][0]["endpoints"][0]) == list(reference["catalog"][0]["endpoints"][0])
    assert list(ours["user"]) == list(reference["user"])
    if project:
        assert list(ours["project"]) == list(reference["project"])


PER_INTERFACE = """
version: 1
regions: [{id: RegionOne, hosts: {public: api.example.com, internal: controller}}]
services:
  - type: object-store
    name: swift
    port: 8080
    path: /v1/AUTH_$(project_id)s
    per_interface:
      internal: {path: /v1}
      public: {host: swift.example.com, scheme: https, port: 443}
identity:
  projects: [demo]
  roles: [admin]
  users: [admin]
  assignments: [{user: admin, role: admin, system: all}, {user: admin, role: admin, project: demo}]
"""


def test_per_interface_overrides_keep_swift_reachable_without_a_project(write_deployment):
    deployment = load_deployment(write_deployment(PER_INTERFACE))
    demo = project_id(deployment, "demo")
    scoped = catalogs(deployment, "demo")["v3"]
    assert scoped.url_for(service_type="object-store") == f"https://swift.example.com:443/v1/AUTH_{demo}"
    assert scoped.url_for(service_type="object-store", interface="internal") == "http://controller:8080/v1"
    system = catalogs(deployment)["v3"]
    assert system.url_for(service_type="object-store", interface="internal") == "http://controller:8080/v1"
    with pytest.raises(exceptions.EndpointNotFound):
        system.url_for(service_type="object-store", interface="public")
