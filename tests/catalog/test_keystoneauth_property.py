"""Property: for generated deployments, keystoneauth1 finds exactly the URLs the deployment describes.

The expected URL is assembled here from the generated parts (scheme, host, port, path,
project id), independently of policykit's builder.
"""

from __future__ import annotations

import json
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from keystoneauth1 import access, exceptions
from keystoneauth1.access.service_catalog import ServiceCatalogV3
from os_service_types import ServiceTypes

from policykit.catalog.builder import build_catalog
from policykit.catalog.render import render
from policykit.deployment import load_deployment

TYPES = ServiceTypes()
EXAMPLES = int(os.environ.get("POLICYKIT_HYPOTHESIS_EXAMPLES", "40"))
INTERFACES = ("public", "internal", "admin")
SERVICE_TYPES = ("identity", "compute", "image", "network", "placement", "block-storage", "object-store",
                 "orchestration", "dns", "shared-file-system", "baremetal")
PATHS = ("", "/v1", "/v2.1", "/v3", "/api/v2", "/v1/AUTH_$(project_id)s", "/v1/%(tenant_id)s",
         "/v3/$(tenant_id)s", "/x/$(user_id)s")
SCHEMES = {"public": "https", "internal": "http", "admin": "http"}

hosts = st.one_of(
    st.from_regex(r"[a-z][a-z0-9]{0,8}\.example\.(com|net)", fullmatch=True),
    st.ip_addresses(v=4).map(str),
)


@st.composite
def deployments(draw):
    region_ids = draw(st.lists(st.sampled_from(["RegionOne", "RegionTwo", "r3", "Site-A"]), min_size=1,
                               max_size=3, unique=True))
    regions = [{"id": r, "hosts": {i: draw(hosts) for i in INTERFACES}} for r in region_ids]
    services = []
    for service_type in draw(st.lists(st.sampled_from(SERVICE_TYPES), min_size=1, max_size=5, unique=True)):
        service = {"type": service_type, "name": f"{service_type}-svc",
                   "interfaces": draw(st.lists(st.sampled_from(INTERFACES), min_size=1, max_size=3, unique=True)),
                   "path": draw(st.sampled_from(PATHS)),
                   "enabled": draw(st.booleans() | st.just(True))}
        port = draw(st.none() | st.integers(1, 65535))
        if port is not None:
            service["port"] = port
        if draw(st.booleans()):
            service["regions"] = draw(st.lists(st.sampled_from(region_ids), min_size=1, unique=True))
        explicit = draw(st.lists(st.tuples(st.sampled_from(region_ids), st.sampled_from(INTERFACES)), max_size=3,
                                 unique=True))
        if explicit:
            service["endpoints"] = [
                {"region": region, "interface": interface, "enabled": draw(st.booleans()),
                 "url": draw(st.sampled_from(["https://x.example.org/$(project_id)s", "http://10.1.1.1:99/a/b",
                                              "https://y.example.org"]))}
                for region, interface in explicit]
        services.append(service)
    return {
        "version": 1,
        "defaults": {"scheme": SCHEMES},
        "regions": regions,
        "services": services,
        "identity": {"projects": ["demo"], "roles": ["member"], "users": ["alice"],
                     "assignments": [{"user": "alice", "role": "member", "project": "demo"}]},
    }


def expected_url(data, service, region_id, interface, project_id, user_id):
    for entry in service.get("endpoints", ()):
        if (entry["region"], entry["interface"]) == (region_id, interface):
            if not entry["enabled"] or (project_id is None and "project_id" in entry["url"]):
                return None
            return entry["url"].replace("$(project_id)s", project_id or "")
    host = next(r for r in data["regions"] if r["id"] == region_id)["hosts"][interface]
    port = f":{service['port']}" if "port" in service else ""
    path = service["path"]
    if project_id is None and ("project_id" in path or "tenant_id" in path):
        return None
    for name in ("$(project_id)s", "%(tenant_id)s", "$(tenant_id)s"):
        path = path.replace(name, project_id or "")
    path = path.replace("$(user_id)s", user_id)
    return f"{SCHEMES[interface]}://{host}{port}{path}"


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=deployments(), scoped=st.booleans())
def test_generated_deployments_resolve(tmp_path_factory, data, scoped):
    path = tmp_path_factory.mktemp("deployment") / "deployment.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    deployment = load_deployment(path)
    spec = build_catalog(deployment)
    project = "demo" if scoped else None
    project_id = deployment.identity.find_projects("demo")[0].id if scoped else None
    bodies = {fmt: json.loads(render(spec, fmt, project=project, deployment=deployment)) for fmt in ("v3", "v2")}
    # $(user_id)s is the token's user: alice on demo; with no system or domain role in the
    # deployment, the unscoped render names a stand-in user.
    user_id = bodies["v3"]["token"]["user"]["id"]
    if scoped:
        assert user_id == deployment.identity.find_users("alice")[0].id
    cats = {fmt: access.create(body=body, auth_token="t").service_catalog for fmt, body in bodies.items()}
    if scoped:
        cats["auth-catalog"] = ServiceCatalogV3(
            json.loads(render(spec, "auth-catalog", project=project, deployment=deployment))["catalog"])
    region_ids = [r["id"] for r in data["regions"]]
    for service in data["services"]:
        for region_id in region_ids:
            for interface in INTERFACES:
                offered = (interface in service["interfaces"] and region_id in service.get("regions", region_ids)) or any(
                    (e["region"], e["interface"]) == (region_id, interface) for e in service.get("endpoints", ()))
                url = expected_url(data, service, region_id, interface, project_id, user_id)
                for fmt, catalog in cats.items():
                    for name in TYPES.get_all_types(service["type"]):
                        if service["enabled"] and offered and url is not None:
                            assert catalog.url_for(service_type=name, interface=interface,
                                                   region_name=region_id) == url, (fmt, name)
                        else:
                            try:
                                catalog.url_for(service_type=name, interface=interface, region_name=region_id)
                            except exceptions.EndpointNotFound:
                                continue
                            raise AssertionError(f"{fmt}: {name} {interface} {region_id} should not resolve")
