"""Real catalog bodies (keystone 30 responses and hand-made minimal ones), read by policykit and keystoneauth1.

Skipped when ../shared/corpus/catalog is not there.
"""

from __future__ import annotations

from collections import Counter

import pytest
from keystoneauth1 import access, exceptions
from keystoneauth1.access.service_catalog import ServiceCatalogV3

from catalog_testdata import CORPUS
from policykit.catalog.lint import lint_catalog_file
from policykit.catalog.readers import AUTH_CATALOG, V2_ACCESS, read_catalog_body

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus/catalog not available")
BODIES = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []


def keystoneauth_catalog(body):
    if body.kind == AUTH_CATALOG:
        return ServiceCatalogV3(body.body["catalog"])
    return access.create(body=body.body, auth_token="t").service_catalog


@pytest.mark.parametrize("path", BODIES, ids=lambda p: p.name)
def test_reader_and_keystoneauth_agree(path):
    body = read_catalog_body(path)
    catalog = keystoneauth_catalog(body)
    if not body.has_catalog:
        assert not body.spec.endpoints
        with pytest.raises(exceptions.EmptyCatalog):
            catalog.url_for(service_type="identity")
        return
    endpoints = [e for e in body.spec.endpoints if e.url]
    keys = Counter((e.service_type, e.interface, e.region) for e in endpoints)
    for endpoint in endpoints:
        found = catalog.get_urls(service_type=endpoint.service_type, interface=endpoint.interface,
                                 region_name=endpoint.region)
        assert endpoint.url in found
        if keys[(endpoint.service_type, endpoint.interface, endpoint.region)] == 1 and endpoint.region:
            assert catalog.url_for(service_type=endpoint.service_type, interface=endpoint.interface,
                                   region_name=endpoint.region) == endpoint.url
    raw = [endpoint for entries in catalog.get_endpoints().values() for endpoint in entries]
    if body.kind == V2_ACCESS:  # one raw entry per region, one <interface>URL key per endpoint
        assert sum(1 for entry in raw for key, url in entry.items() if key.endswith("URL") and url) == len(endpoints)
    else:
        assert len([entry for entry in raw if entry.get("url")]) == len(endpoints)


@pytest.mark.parametrize("path", BODIES, ids=lambda p: p.name)
def test_checks_run_over_every_body(path):
    body, findings = lint_catalog_file(path)
    assert body is not None
    assert all(f.location.path == str(path) and f.location.line for f in findings)
    # template and declared-region checks do not apply to a rendered body
    assert not {"CT003", "CT004", "CT005", "CT112"} & {f.code for f in findings}


def test_the_awkward_cases_of_the_real_project_token_are_found():
    path = CORPUS / "project_token.json"
    _, findings = lint_catalog_file(path)
    found = {(f.code, f.subject) for f in findings}
    assert ("CT103", "image") in found        # two public image endpoints in RegionOne
    assert ("CT106", "placement") in found    # an endpoint with region_id null
    assert ("CT002", "weird") in found        # 127.0.0.1:1234/ has no scheme
    assert ("CT114", "empty") in found        # a service listed with no endpoints
    assert ("CT102", "volumev3") in found     # the alias next to block-storage
