"""Whatever a deployment file holds, policykit reports findings or an InputError — never a traceback."""

from __future__ import annotations

import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policykit.catalog.builder import build_catalog
from policykit.catalog.render import FORMATS, render
from policykit.deployment import load_deployment
from policykit.deployment.lint import lint_deployment_file
from policykit.deployment.personas import personas_of
from policykit.errors import InputError

EXAMPLES = int(os.environ.get("POLICYKIT_HYPOTHESIS_EXAMPLES", "40"))
KEYS = ["version", "cloud", "defaults", "regions", "services", "identity", "id", "hosts", "public", "internal",
        "admin", "type", "name", "port", "path", "interfaces", "endpoints", "enabled", "policy", "region",
        "interface", "url", "domains", "projects", "tenants", "roles", "users", "assignments", "implies", "user",
        "role", "project", "domain", "system", "scheme", "per_interface", "parent", "description", "x"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 70000), st.sampled_from(
    ["RegionOne", "compute", "public", "http://h:1/$(project_id)s", "%s", "", "all", "admin", "Default", "/v3"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(KEYS), inner, max_size=5), max_leaves=25)
documents = st.dictionaries(st.sampled_from(KEYS), values, max_size=6)


@settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_any_document_gives_findings_or_an_input_error(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("d") / "deployment.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    lint_deployment_file(path)
    try:
        deployment = load_deployment(path)
        spec = build_catalog(deployment, strict=False)
        for fmt in FORMATS:
            for project in (None, "demo"):
                try:
                    render(spec, fmt, project=project, deployment=deployment)
                except InputError:
                    pass
        personas_of(deployment)
    except InputError as error:
        assert str(error)


ODD = """
version: 1
regions: [{id: 1, hosts: {public: "::1", internal: "10.0.0.1"}}, {id: "R two", hosts: {public: a.b.c, internal: x}}]
services:
  - type: Compute
    port: 8774
    endpoints:
      - {region: null, interface: publicURL, url: "x:y = z"}
      - {region: "R two", interface: public, url: "http://h/%s"}
  - {type: identity, name: keystone, interfaces: [public], regions: ["1"]}
identity:
  projects: [{name: demo, id: 42}]
  users: [u]
  roles: [r]
  assignments: [{user: u, role: r, project: demo}]
"""


def test_odd_but_loadable_deployment_renders_in_every_format(tmp_path):
    path = tmp_path / "deployment.yaml"
    path.write_text(ODD, encoding="utf-8")
    deployment = load_deployment(path)
    spec = build_catalog(deployment)
    assert {e.region for e in spec.endpoints} == {"1", "R two", None}
    for fmt in FORMATS:
        assert render(spec, fmt, project="demo", deployment=deployment)
    assert "http://[::1]:8774" in render(spec, "v3", project="42", deployment=deployment)
