"""A cloud with every seed service, Havana-era types included, renders and resolves
through keystoneauth1; the old types are named with their official successors."""

from __future__ import annotations

import json

from keystoneauth1 import access

from policykit.catalog.builder import build_catalog
from policykit.catalog.render import render
from policykit.deployment.lint import lint_deployment_file

SERVICES = [  # (type, name, port, path)
    ("identity", "keystone", 5000, "/v3"), ("compute", "nova", 8774, "/v2.1"), ("network", "neutron", 9696, ""),
    ("image", "glance", 9292, ""), ("volumev3", "cinderv3", 8776, "/v3/$(project_id)s"),
    ("orchestration", "heat", 8004, "/v1/$(project_id)s"), ("cloudformation", "heat-cfn", 8000, "/v1"),
    ("metering", "ceilometer", 8777, ""), ("database", "trove", 8779, "/v1.0/$(project_id)s"),
    ("data-processing", "sahara", 8386, "/v1.1/$(project_id)s"), ("baremetal", "ironic", 6385, ""),
    ("messaging", "zaqar", 8888, ""), ("queuing", "marconi", 8889, ""), ("ec2", "nova-ec2", 8773, "/services/Cloud"),
]


def write_deployment(tmp_path):
    lines = ["version: 1", "regions:", "  - {id: RegionOne, hosts: {public: api.example.com, internal: api.example.com}}",
             "services:"]
    for service_type, name, port, path in SERVICES:
        lines.append(f"  - {{type: {service_type}, name: {name}, port: {port}, path: \"{path}\"}}")
    lines += ["identity:", "  domains: [{name: Default, id: default}]", "  projects: [{name: demo, domain: Default}]",
              "  roles: [member]", "  users: [{name: alice, domain: Default}]",
              "  assignments: [{user: alice, role: member, project: demo}]"]
    path = tmp_path / "deployment.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_every_seed_service_resolves_through_keystoneauth1(tmp_path):
    deployment, findings = lint_deployment_file(write_deployment(tmp_path))
    assert deployment is not None
    body = json.loads(render(build_catalog(deployment), "v3", project="demo", deployment=deployment))
    catalog = access.create(body=body, auth_token="t").service_catalog
    for service_type, _, port, _ in SERVICES:
        url = catalog.url_for(service_type=service_type, interface="public", region_name="RegionOne")
        assert f":{port}" in url, service_type


def test_old_types_suggest_their_official_successors(tmp_path):
    _, findings = lint_deployment_file(write_deployment(tmp_path))
    by_type = {}
    for finding in findings:
        by_type.setdefault(finding.subject, []).append(finding)
    queuing = [f for f in by_type["queuing"] if f.code == "CT102"]
    ec2 = [f for f in by_type["ec2"] if f.code == "CT102"]
    assert queuing and "`message`" in queuing[0].message and "message" in queuing[0].hint
    assert ec2 and "`ec2-api`" in ec2[0].message
    assert not [f for f in findings if f.hint and "yourorg:" in f.hint]
    # no error at all, and no warning on an official type
    assert not [f for f in findings if f.severity.name == "ERROR"]
