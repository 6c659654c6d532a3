"""The non-token formats: the openstack CLI script, bootstrap, clouds.yaml, templated; render errors."""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from catalog_testdata import EXAMPLE
from policykit.catalog.builder import build_catalog
from policykit.catalog.render import render
from policykit.cli import main
from policykit.deployment import load_deployment

HERE = Path(__file__).resolve().parent

TRICKY = """
version: 1
cloud: tricky
defaults: {interfaces: [public]}
regions:
  - {id: RegionOne, description: "Bob's \\"main\\" site; $(rm -rf) `x`", hosts: {public: api.example.com, internal: ctl, admin: ctl}}
  - {id: RegionTwo, hosts: {public: api2.example.com, internal: ctl2}}
services:
  - {type: identity, name: keystone, port: 5000, path: /v3, interfaces: [public, internal, admin],
     regions: [RegionOne], description: "it's identity"}
  - {type: object-store, name: swift, port: 8080, path: "/v1/AUTH_$(project_id)s"}
  - {type: dns, name: designate, port: 9001, enabled: false}
  - type: image
    name: glance
    port: 9292
    endpoints:
      - {region: RegionTwo, interface: internal, url: "http://ctl2:9292/a%%20b", enabled: false}
"""


@pytest.fixture
def fake_openstack(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "openstack"
    wrapper.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -S {shlex.quote(str(HERE / 'fake_openstack.py'))} \"$@\"\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    state = tmp_path / "state.json"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "FAKE_OPENSTACK_STATE": str(state),
           "PYTHON3": sys.executable}
    # the script's service look-up runs `python3`; make sure it is this interpreter's
    (bin_dir / "python3").symlink_to(sys.executable)

    def run(script: Path):
        result = subprocess.run(["sh", str(script)], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return json.loads(state.read_text()), [json.loads(line) for line in (tmp_path / "state.json.log").read_text().splitlines()]

    return run


def test_cli_script_creates_the_catalog_once_and_repairs_drift(tmp_path, write_deployment, fake_openstack):
    deployment = load_deployment(write_deployment(TRICKY))
    spec = build_catalog(deployment)
    script = tmp_path / "catalog.sh"
    script.write_text(render(spec, "openstack-cli", deployment=deployment))
    state, calls = fake_openstack(script)
    assert state["regions"]["RegionOne"]["description"] == "Bob's \"main\" site; $(rm -rf) `x`"
    services = {(s["type"], s["name"]): s for s in state["services"]}
    assert set(services) == {(s.type, s.name) for s in spec.services}
    assert services[("dns", "designate")]["enabled"] is False
    assert services[("identity", "keystone")]["description"] == "it's identity"
    by_id = {s["id"]: key for key, s in services.items()}
    got = sorted((by_id[e["service_id"]][0], e["interface"], e["region"], e["url"], e["enabled"]) for e in state["endpoints"])
    want = sorted((e.service_type, e.interface, e.region, e.url, e.enabled) for e in spec.endpoints)
    assert got == want
    assert ("object-store", "public", "RegionTwo", "http://api2.example.com:8080/v1/AUTH_$(project_id)s", True) in got
    creates = sum(1 for call in calls if call[1] == "create")

    state_again, calls_again = fake_openstack(script)  # a second run changes nothing
    assert state_again == state
    assert sum(1 for call in calls_again if call[1] == "create") == creates

    drifted = next(e for e in state["endpoints"] if e["interface"] == "admin")
    drifted["url"] = "http://old:35357/v2.0"
    Path(tmp_path / "state.json").write_text(json.dumps(state))
    repaired, _ = fake_openstack(script)
    assert repaired == state_again


def bootstrap_args(deployment):
    text = render(build_catalog(deployment), "bootstrap", deployment=deployment)
    command = " ".join(line.rstrip("\\") for line in text.splitlines() if not line.startswith("#"))
    argv = shlex.split(command.replace('"${OS_BOOTSTRAP_PASSWORD:?set OS_BOOTSTRAP_PASSWORD}"', "s3cret"))
    assert argv[:2] == ["keystone-manage", "bootstrap"]
    cli = pytest.importorskip("keystone.cmd.cli")
    import argparse

    parser = argparse.ArgumentParser()
    cli.BootStrap.add_argument_parser(parser.add_subparsers())
    return parser.parse_args(argv[1:])  # keystone-manage's own parser: an unknown flag fails here


def test_bootstrap_command_is_what_keystone_manage_parses():
    parsed = bootstrap_args(load_deployment(EXAMPLE))
    assert parsed.bootstrap_region_id == "RegionOne"
    assert parsed.bootstrap_public_url == "https://api.example.com:5000/v3"
    assert parsed.bootstrap_internal_url == parsed.bootstrap_admin_url == "http://controller.r1.example.internal:5000/v3"
    assert (parsed.bootstrap_username, parsed.bootstrap_project_name, parsed.bootstrap_service_name) == (
        "admin", "admin", "keystone")


def test_bootstrap_uses_the_deployments_system_admin(write_deployment):
    parsed = bootstrap_args(load_deployment(write_deployment("""
version: 1
regions: [{id: Site-A, hosts: {public: id.example.com}}]
services:
  - {type: identity, name: "key stone", port: 443, path: /v3, interfaces: [public]}
identity:
  projects: [ops]
  roles: [superuser]
  users: [root]
  assignments:
    - {user: root, role: superuser, system: all}
    - {user: root, role: superuser, project: ops}
""")))
    assert (parsed.bootstrap_username, parsed.bootstrap_project_name, parsed.bootstrap_role_name) == (
        "root", "ops", "superuser")
    assert parsed.bootstrap_service_name == "key stone" and parsed.bootstrap_region_id == "Site-A"
    assert parsed.bootstrap_public_url == "http://id.example.com:443/v3" and parsed.bootstrap_admin_url is None


def test_clouds_yaml_has_an_entry_per_region_and_interface():
    deployment = load_deployment(EXAMPLE)
    text = render(build_catalog(deployment), "clouds-yaml", project="demo", deployment=deployment)
    clouds = yaml.safe_load(text)["clouds"]
    assert set(clouds) == {"example-RegionOne-public", "example-RegionOne-internal", "example-RegionOne-admin",
                           "example-RegionTwo-public", "example-RegionTwo-internal"}
    entry = clouds["example-RegionTwo-internal"]
    assert entry["region_name"] == "RegionTwo" and entry["interface"] == "internal"
    assert entry["identity_api_version"] == 3
    # Keystone lives in RegionOne only: RegionTwo's entries authenticate against it
    assert entry["auth"]["auth_url"] == "https://api.example.com:5000/v3"
    assert clouds["example-RegionOne-internal"]["auth"]["auth_url"] == "http://controller.r1.example.internal:5000/v3"
    assert entry["auth"]["project_name"] == "demo" and entry["auth"]["username"] == "alice"


def parse_templated(text):
    """The removed templated driver's reading rules (``keystone.catalog.backends.templated``)."""
    catalog = {}
    for line in text.splitlines():
        if " = " not in line or not line.startswith("catalog."):
            continue
        key, value = line.split(" = ")
        _, region, service, attribute = key.split(".")
        catalog.setdefault(region, {}).setdefault(service.replace("_", "-"), {})[attribute] = value
    return catalog


def test_templated_file_reads_back_to_the_enabled_catalog(write_deployment):
    deployment = load_deployment(write_deployment(TRICKY))
    text = render(build_catalog(deployment), "templated", deployment=deployment)
    assert "removed the templated catalog driver" in text
    catalog = parse_templated(text)
    assert catalog["RegionOne"]["identity"] == {
        "publicURL": "http://api.example.com:5000/v3", "internalURL": "http://ctl:5000/v3",
        "adminURL": "http://ctl:5000/v3", "name": "keystone"}
    assert "dns" not in catalog["RegionOne"]  # disabled
    assert "internalURL" not in catalog["RegionTwo"]["image"]  # disabled endpoint


@pytest.mark.parametrize("args,message", [
    (["--format", "auth-catalog"], "project-scoped"),
    (["--format", "v3", "--project", "nobody"], "no project 'nobody'"),
    (["--format", "v3", "--region", "RegionThree"], "no region 'RegionThree'"),
    (["--format", "v3", "--project", "demo", "--user", "bob2"], "has no role"),
])
def test_render_errors_exit_2_with_one_clear_line(capsys, args, message):
    assert main(["catalog", "render", str(EXAMPLE), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_render_writes_the_output_file(tmp_path, capsys):
    target = tmp_path / "token.json"
    assert main(["catalog", "render", str(EXAMPLE), "--format", "v3", "--project", "demo", "--region", "RegionTwo",
                 "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    body = json.loads(target.read_text())
    regions = {e["region_id"] for s in body["token"]["catalog"] for e in s["endpoints"]}
    assert regions == {"RegionTwo"}
