"""One real Keystone for the whole test session, and a deployment that describes it.

Without keystone installed these tests are skipped locally; under CI (``CI`` set in the
environment) that is a failure, never a silent skip.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from local_keystone import RunningKeystone, start_keystone  # noqa: E402

DEMO_PASSWORD = "demo-Password-0815"


def _require_keystone() -> None:
    # find_spec, not import: keystone runs in its own processes, and importing it here
    # would pull eventlet and its warnings into the test process.
    if importlib.util.find_spec("keystone") is not None and importlib.util.find_spec("keystone.server") is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but keystone cannot be imported; install the test extra (pip install '.[test]')",
                    pytrace=False)
    pytest.skip("keystone is not installed; pip install -e '.[test]'")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_policykit(*arguments: str, environment: dict[str, str] | None = None) -> CliResult:
    """Run the policykit command line in this process with exactly these OS_* variables."""
    from policykit.cli import main

    saved = {k: v for k, v in os.environ.items() if k.startswith("OS_")}
    for key in saved:
        del os.environ[key]
    os.environ.update(environment or {})
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(arguments))
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        for key in [k for k in os.environ if k.startswith("OS_")]:
            del os.environ[key]
        os.environ.update(saved)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def keystone(tmp_path_factory) -> RunningKeystone:
    _require_keystone()
    started = time.monotonic()
    server = start_keystone(tmp_path_factory.mktemp("keystone"))
    print(f"\nKeystone serving at {server.auth_url} after {time.monotonic() - started:.1f} s", file=sys.stderr)
    try:
        yield server
    finally:
        server.stop()


def admin_session(keystone: RunningKeystone):
    from keystoneauth1 import session
    from keystoneauth1.identity import v3

    auth = v3.Password(
        auth_url=keystone.auth_url,
        username=keystone.username,
        password=keystone.password,
        project_name=keystone.project_name,
        user_domain_id="default",
        project_domain_id="default",
    )
    return session.Session(auth=auth)


IDENTITY = {"service_type": "identity", "interface": "public"}


@dataclass
class IdentityObjects:
    admin_project_id: str
    demo_project_id: str


@pytest.fixture(scope="session")
def identity_objects(keystone) -> IdentityObjects:
    """Project demo and user alice (member there), made through the API like an operator would."""
    api = admin_session(keystone)
    projects = api.get("/projects", endpoint_filter=IDENTITY).json()["projects"]
    admin_project = next(p for p in projects if p["name"] == "admin")
    demo = api.post(
        "/projects", json={"project": {"name": "demo", "domain_id": "default"}}, endpoint_filter=IDENTITY
    ).json()["project"]
    alice = api.post(
        "/users",
        json={"user": {"name": "alice", "domain_id": "default", "password": DEMO_PASSWORD}},
        endpoint_filter=IDENTITY,
    ).json()["user"]
    roles = api.get("/roles", params={"name": "member"}, endpoint_filter=IDENTITY).json()["roles"]
    api.put(f"/projects/{demo['id']}/users/{alice['id']}/roles/{roles[0]['id']}", endpoint_filter=IDENTITY)
    return IdentityObjects(admin_project["id"], demo["id"])


def deployment_text(keystone: RunningKeystone, ids: IdentityObjects, with_identity_service: bool = True) -> str:
    """A small cloud whose identity endpoints are where the test Keystone runs.

    Bootstrap registered public, internal and admin identity endpoints; this deployment
    has only public and internal (the kolla convention), so the admin one is a leftover.
    """
    identity_service = f"""
  - type: identity
    name: keystone
    port: {keystone.port}
    path: /v3
    scheme: http
    regions: [RegionOne]
""" if with_identity_service else ""
    return f"""version: 1
cloud: integration
defaults:
  interfaces: [public, internal]
  scheme: {{public: https, internal: http, admin: http}}
regions:
  - id: RegionOne
    hosts: {{public: 127.0.0.1, internal: 127.0.0.1, admin: 127.0.0.1}}
  - id: RegionTwo
    description: Second site
    hosts: {{public: api.r2.example.test, internal: 10.2.0.10}}
services:{identity_service}
  - type: compute
    name: nova
    description: Compute service
    port: 8774
    path: /v2.1
  - type: image
    name: glance
    port: 9292
  - type: object-store
    name: swift
    port: 8080
    path: /v1/AUTH_$(project_id)s
    endpoints:
      - {{region: RegionOne, interface: internal, url: "http://127.0.0.1:8080/v1"}}
  - type: dns
    name: designate
    port: 9001
    regions: [RegionTwo]
    enabled: false
identity:
  projects:
    - {{name: admin, domain: Default, id: {ids.admin_project_id}}}
    - {{name: demo, domain: Default, id: {ids.demo_project_id}}}
  roles: [admin, member, reader]
  users:
    - {{name: admin, domain: Default}}
    - {{name: alice, domain: Default}}
  assignments:
    - {{user: admin, role: admin, project: admin}}
    - {{user: alice, role: member, project: demo}}
"""


@pytest.fixture(scope="session")
def deployment_file(keystone, identity_objects, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("deployment") / "deployment.yaml"
    path.write_text(deployment_text(keystone, identity_objects))
    # The identity endpoints in the file must be the ones bootstrap created, or the
    # first apply would move Keystone's own endpoints away from where it runs.
    text = path.read_text()
    assert f"port: {keystone.port}" in text
    return path


@dataclass
class FirstRun:
    plan: CliResult
    plan_json: CliResult
    plan_prune_json: CliResult
    apply: CliResult


@pytest.fixture(scope="session")
def first_run(keystone, deployment_file) -> FirstRun:
    """plan (text, json, json with --prune) on the fresh Keystone, then the first apply."""
    environment = keystone.os_environment()
    deployment = str(deployment_file)
    plan = run_policykit("catalog", "plan", deployment, environment=environment)
    plan_json = run_policykit("catalog", "plan", deployment, "--format", "json", environment=environment)
    plan_prune = run_policykit("catalog", "plan", deployment, "--prune", "--format", "json", environment=environment)
    apply = run_policykit("catalog", "apply", deployment, environment=environment)
    return FirstRun(plan, plan_json, plan_prune, apply)
