"""Every CT rule copes with any catalog: odd URLs, missing regions, empty names, unknown types."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.catalog.lint import CatalogContext, run_catalog_rules
from policykit.catalog.model import CatalogSpec, EndpointSpec, RegionSpec, ServiceSpec

EXAMPLES = int(os.environ.get("POLICYKIT_HYPOTHESIS_EXAMPLES", "40")) * 3
TYPES = st.sampled_from(["compute", "Compute", "volumev3", "block-storage", "identity", "object_store", "", "acme:x",
                         "computev21", "billing", "orchestration", "image"])
URLS = st.one_of(
    st.sampled_from(["http://h:1/v2.1", "https://[::1]/v3/", "127.0.0.1:1234/", "x:y", "http://h:99999/",
                     "http://10.0.0.1/v1/AUTH_$(project_id)s", "http://h//a", "http://$(compute_host)s/", "%",
                     "http://h/%(tenant_id)s", "ftp://h/", "", "http://h/v2.0"]),
    st.text(max_size=30),
)
REGIONS = st.sampled_from([None, "RegionOne", "regionone", " RegionOne", "", "R2"])


@st.composite
def catalogs(draw):
    services = draw(st.lists(st.builds(ServiceSpec, TYPES, st.sampled_from(["", "nova", "cinderv3", "x"]),
                                       enabled=st.booleans()), max_size=5))
    endpoints = []
    for service in services:
        for _ in range(draw(st.integers(0, 4))):
            endpoints.append(EndpointSpec(service.type, service.name,
                                          draw(st.sampled_from(["public", "internal", "admin", "publicURL", "Public"])),
                                          draw(REGIONS), draw(URLS), draw(st.booleans())))
    regions = tuple(RegionSpec(r) for r in draw(st.lists(st.sampled_from(["RegionOne", "R2", "regionone"]),
                                                         unique=True)))
    return CatalogSpec(regions, tuple(services), tuple(endpoints))


@settings(max_examples=EXAMPLES, deadline=None)
@given(spec=catalogs(), templates=st.booleans())
def test_rules_run_on_any_catalog(spec, templates):
    findings = run_catalog_rules(CatalogContext(Path("catalog.json"), spec, None, templates, templates))
    for finding in findings:
        assert finding.code.startswith("CT") and finding.message and finding.location.path == "catalog.json"
