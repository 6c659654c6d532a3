"""The plan: what apply would do, computed from a desired catalog and a live one (no server)."""

from __future__ import annotations

import pytest

from policykit.catalog.model import CatalogSpec, EndpointSpec, RegionSpec, ServiceSpec
from policykit.catalog.sync.fetch import deployment_document, live_to_spec
from policykit.catalog.sync.live import LiveCatalog, LiveEndpoint, LiveRegion, LiveService
from policykit.catalog.sync.plan import plan_changes
from policykit.errors import InputError

NOVA = ServiceSpec("compute", "nova")
KEYSTONE = ServiceSpec("identity", "keystone")


def endpoint(service: ServiceSpec, interface: str, region: str, url: str, enabled: bool = True) -> EndpointSpec:
    return EndpointSpec(service.type, service.name, interface, region, url, enabled)


def summary(plan) -> list[tuple[str, str, str]]:
    return [(c.action, c.kind, c.label) for c in plan.changes]


BOOTSTRAPPED = LiveCatalog(
    regions=(LiveRegion("RegionOne"),),
    services=(LiveService("s-ks", "identity", "keystone"),),
    endpoints=(
        LiveEndpoint("e-pub", "s-ks", "public", "RegionOne", "http://ks:5000/v3"),
        LiveEndpoint("e-int", "s-ks", "internal", "RegionOne", "http://ks:5000/v3"),
        LiveEndpoint("e-adm", "s-ks", "admin", "RegionOne", "http://ks:5000/v3"),
    ),
)


def desired(*endpoints: EndpointSpec, services=(KEYSTONE, NOVA), regions=("RegionOne",)) -> CatalogSpec:
    return CatalogSpec(tuple(RegionSpec(r) for r in regions), tuple(services), endpoints)


IDENTITY = (
    endpoint(KEYSTONE, "public", "RegionOne", "http://ks:5000/v3"),
    endpoint(KEYSTONE, "internal", "RegionOne", "http://ks:5000/v3"),
)


def test_creations_come_parents_first_and_matching_objects_are_left_alone():
    wanted = CatalogSpec(
        (RegionSpec("RegionOne"), RegionSpec("Child", parent="Parent"), RegionSpec("Parent")),
        (KEYSTONE, NOVA),
        IDENTITY + (endpoint(NOVA, "public", "Child", "https://nova/v2.1"),),
    )
    assert summary(plan_changes(wanted, BOOTSTRAPPED)) == [
        ("create", "region", "Parent"),
        ("create", "region", "Child"),
        ("create", "service", "compute/nova"),
        ("create", "endpoint", "compute/nova public Child"),
    ]


def test_nothing_is_deleted_without_prune_and_everything_extra_with_it():
    plan = plan_changes(desired(*IDENTITY), BOOTSTRAPPED)
    assert summary(plan)[-1] == ("create", "service", "compute/nova")
    assert [k.label for k in plan.kept] == ["identity/keystone admin RegionOne http://ks:5000/v3"]
    pruned = plan_changes(desired(*IDENTITY), BOOTSTRAPPED, prune=True)
    assert ("delete", "endpoint", "identity/keystone admin RegionOne") in summary(pruned)
    assert pruned.kept == ()


def test_url_and_enabled_differences_are_updates_with_old_and_new():
    wanted = desired(
        endpoint(KEYSTONE, "public", "RegionOne", "https://ks.example.com/v3"),
        endpoint(KEYSTONE, "internal", "RegionOne", "http://ks:5000/v3", enabled=False),
        services=(KEYSTONE,),
    )
    plan = plan_changes(wanted, BOOTSTRAPPED)
    fields = {c.label: [(f.field, f.old, f.new) for f in c.fields] for c in plan.changes}
    assert fields == {
        "identity/keystone public RegionOne": [("url", "http://ks:5000/v3", "https://ks.example.com/v3")],
        "identity/keystone internal RegionOne": [("enabled", True, False)],
    }


def test_dollar_and_percent_templates_are_the_same_url_to_keystone():
    live = LiveCatalog(
        (LiveRegion("R"),),
        (LiveService("s", "object-store", "swift"),),
        (LiveEndpoint("e", "s", "public", "R", "http://s:8080/v1/AUTH_%(project_id)s"),),
    )
    swift = ServiceSpec("object-store", "swift")
    wanted = desired(endpoint(swift, "public", "R", "http://s:8080/v1/AUTH_$(project_id)s"), services=(swift,),
                     regions=("R",))
    assert plan_changes(wanted, live).changes == ()


def test_the_endpoint_in_use_is_held_back_not_changed_or_deleted():
    moved = desired(endpoint(KEYSTONE, "public", "RegionOne", "https://elsewhere/v3"), services=(KEYSTONE,))
    plan = plan_changes(moved, BOOTSTRAPPED, prune=True, protected_endpoint_ids=frozenset({"e-pub"}))
    assert [(c.action, c.label) for c in plan.held] == [("update", "identity/keystone public RegionOne")]
    assert {c.label for c in plan.changes} == {"identity/keystone internal RegionOne",
                                               "identity/keystone admin RegionOne"}

    gone = CatalogSpec((RegionSpec("RegionOne"),), (NOVA,), ())
    plan = plan_changes(gone, BOOTSTRAPPED, prune=True, protected_endpoint_ids=frozenset({"e-pub"}))
    assert {(c.kind, c.label) for c in plan.held} == {
        ("endpoint", "identity/keystone public RegionOne"),
        ("service", "identity/keystone"),
    }
    assert all(c.live_id != "e-pub" for c in plan.changes)


def test_a_single_renamed_service_is_updated_not_duplicated():
    renamed = desired(*(endpoint(ServiceSpec("identity", "identity"), e.interface, e.region, e.url) for e in IDENTITY),
                      services=(ServiceSpec("identity", "identity"),))
    plan = plan_changes(renamed, BOOTSTRAPPED)
    assert [(c.action, c.kind, [(f.field, f.old, f.new) for f in c.fields]) for c in plan.changes] == [
        ("update", "service", [("name", "keystone", "identity")]),
    ]


def test_duplicates_in_keystone_keep_the_matching_one_and_prune_the_rest():
    live = LiveCatalog(
        (LiveRegion("RegionOne"),),
        (LiveService("s1", "compute", "nova"), LiveService("s2", "compute", "nova")),
        (
            LiveEndpoint("a", "s2", "public", "RegionOne", "http://old/v2.1"),
            LiveEndpoint("b", "s2", "public", "RegionOne", "https://nova/v2.1"),
        ),
    )
    wanted = desired(endpoint(NOVA, "public", "RegionOne", "https://nova/v2.1"), services=(NOVA,))
    plan = plan_changes(wanted, live, prune=True)
    assert [(c.action, c.kind, c.live_id) for c in plan.changes] == [
        ("delete", "endpoint", "a"),
        ("delete", "service", "s1"),
    ]


def test_descriptions_and_parents_left_out_of_the_deployment_are_not_erased():
    live = LiveCatalog((LiveRegion("Parent"), LiveRegion("R", "Main site", "Parent")), (), ())
    plan = plan_changes(CatalogSpec((RegionSpec("R"),), (), ()), live, prune=True)
    assert plan.changes == ()
    assert [(k.label, k.reason) for k in plan.kept] == [("Parent", "parent of a region in the deployment")]


def test_a_region_used_only_by_an_endpoint_is_created_before_it():
    wanted = CatalogSpec((), (NOVA,), (endpoint(NOVA, "public", "RegionNew", "https://nova/v2.1"),))
    assert summary(plan_changes(wanted, LiveCatalog()))[0] == ("create", "region", "RegionNew")


def test_an_endpoint_described_twice_is_refused():
    twice = desired(IDENTITY[0], IDENTITY[0], services=(KEYSTONE,))
    with pytest.raises(InputError, match="twice"):
        plan_changes(twice, BOOTSTRAPPED)


def test_the_fetched_document_is_the_live_catalog_with_explicit_endpoints():
    live = LiveCatalog(
        (LiveRegion("RegionOne"), LiveRegion("RegionTwo")),
        (LiveService("s", "compute", "nova", enabled=False),),
        (
            LiveEndpoint("a", "s", "public", "RegionOne", "https://api.one/v2.1"),
            LiveEndpoint("b", "s", "internal", "RegionTwo", "http://int.two:8774/v2.1", enabled=False),
        ),
    )
    document = deployment_document(live)
    assert document["regions"] == [
        {"id": "RegionOne", "hosts": {"public": "api.one"}},
        {"id": "RegionTwo", "hosts": {"internal": "int.two"}},
    ]
    # public only in one region, internal only in the other: nothing may be computed
    assert document["services"] == [{
        "type": "compute", "name": "nova", "enabled": False, "interfaces": [],
        "endpoints": [
            {"region": "RegionOne", "interface": "public", "url": "https://api.one/v2.1"},
            {"region": "RegionTwo", "interface": "internal", "url": "http://int.two:8774/v2.1", "enabled": False},
        ],
    }]
    spec = live_to_spec(live)
    assert plan_changes(spec, live, prune=True).changes == ()
