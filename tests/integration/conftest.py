"""One real Keystone for the whole test session, and a deployment that describes it.

Without keystone installed these tests are skipped locally; under CI (``CI`` set in the
environment) that is a failure, never a silent skip.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from local_keystone import RunningKeystone, start_keystone  # noqa: E402
from sync_support import (  # noqa: E402
    DEMO_PASSWORD,
    IDENTITY,
    CliResult,
    IdentityObjects,
    admin_session,
    deployment_text,
    run_policykit,
)


def _require_keystone() -> None:
    # find_spec, not import: keystone runs in its own processes, and importing it here
    # would pull eventlet and its warnings into the test process.
    if importlib.util.find_spec("keystone") is not None and importlib.util.find_spec("keystone.server") is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but keystone cannot be imported; install the test extra (pip install '.[test]')",
                    pytrace=False)
    pytest.skip("keystone is not installed; pip install -e '.[test]'")


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
