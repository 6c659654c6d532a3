"""The service registry: names, types and aliases, and which service a file belongs to."""

from __future__ import annotations

import os_service_types
import pytest

from policykit import services
from policykit.deployment import load_deployment


@pytest.mark.parametrize("name, expected", [
    ("nova", "nova"), ("compute", "nova"), ("network", "neutron"), ("neutron_lib", "neutron"),
    ("quantum", "neutron"), ("volumev3", "cinder"), ("volume", "cinder"), ("block-storage", "cinder"),
    ("identity", "keystone"), ("image", "glance"), ("orchestration", "heat"), ("cloudformation", "heat"),
    ("metering", "ceilometer"), ("database", "trove"), ("data-processing", "sahara"), ("baremetal", "ironic"),
    ("messaging", "zaqar"), ("queuing", "zaqar"), ("marconi", "zaqar"), ("ironic.api", "ironic"),
    ("Nova", "nova"), ("placement", "placement"), ("object-store", "swift"),
])
def test_every_name_of_a_service_finds_its_profile(name, expected):
    assert services.get(name).name == expected


def test_unknown_names_find_nothing():
    assert services.get("novaa") is None and services.get("") is None and services.get(None) is None


def test_official_types_and_aliases_agree_with_os_service_types():
    catalog = os_service_types.ServiceTypes()
    for profile in services.all_profiles():
        for service_type in profile.types:
            official = catalog.get_service_type(service_type)
            if official is None:  # a Havana-era type os-service-types does not know (queuing, ec2, cloudformation)
                continue
            # every type a profile claims is that project's in os-service-types
            assert catalog.get_project_name(official) in (profile.name, None), (profile.name, service_type)
            if service_type == profile.types[0]:
                assert official == service_type, f"{profile.name}: {service_type} is not the official type"


def test_paste_and_policy_agree_on_service_types():
    from policykit.paste.services import SERVICE_TYPES, profile_named

    for service_type, name in SERVICE_TYPES.items():
        assert services.get(service_type).name == name
        assert profile_named(service_type).service == name


@pytest.mark.parametrize("path, expected, source", [
    ("etc/nova/policy.json", "nova", "path"),
    ("/srv/etc/neutron/policy.d/extra.yaml", "neutron", "path"),
    ("deploy/cinder/policy.yaml", "cinder", "path"),
    ("cloud/glance/policy.d/10-images.yaml", "glance", "path"),
    ("policies/nova-havana-policy.json", "nova", "file name"),
    ("policies/neutron_lib-2026-sample.yaml", "neutron", "file name"),
    ("policies/marconi.json", "zaqar", "file name"),
    ("policies/keystone.yaml", "keystone", "file name"),
    ("policy.json", None, "unknown"),
    ("policies/novaclient-policy.yaml", None, "unknown"),  # a name that merely starts with a service's letters
    ("etc/policy.json", None, "unknown"),
])
def test_detect_from_the_path(path, expected, source, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative path is read from the working directory, whose name may be a service's
    detection = services.detect(path)
    assert (detection.name, detection.source) == (expected, source)


def test_detect_prefers_the_flag_then_the_deployment_then_the_configuration(tmp_path):
    (tmp_path / "policies").mkdir()
    policy = tmp_path / "policies" / "nova-policy.yaml"
    policy.write_text('"a": "role:x"\n')
    (tmp_path / "deployment.yaml").write_text(
        "version: 1\nregions: [{id: R, hosts: {public: h, internal: h}}]\n"
        "services:\n  - {type: network, name: custom-net, port: 9696, policy: policies/nova-policy.yaml}\n")
    deployment = load_deployment(str(tmp_path / "deployment.yaml"))
    assert services.detect(policy, service="heat").name == "heat"
    assert (services.detect(policy, deployment=deployment).name, services.detect(policy, deployment=deployment).source) \
        == ("neutron", "deployment")
    found = services.detect(policy, globs={"policies/*.yaml": "cinder"}, root=tmp_path)
    assert (found.name, found.source) == ("cinder", "configuration")
    assert services.detect(policy).name == "nova"
