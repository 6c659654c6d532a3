"""policykit catalog plan/apply/fetch against a real Keystone started for the session.

State is shared: the fresh-Keystone plans and the first apply happen once, in the
``first_run`` fixture; every later test leaves the catalog as the deployment describes
it (plus, possibly, bootstrap's admin identity endpoint) and does not rely on test order.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from local_keystone import free_port
from sync_support import DEMO_PASSWORD, IDENTITY, admin_session, deployment_text, run_policykit

pytestmark = pytest.mark.keystone


def live_rows(keystone) -> set[tuple]:
    """(type, name, interface, region, url, enabled) of every endpoint, read straight from the API
    (through the auth URL: the catalog's identity endpoints may point elsewhere)."""
    api = admin_session(keystone)
    direct = {"endpoint_filter": IDENTITY, "endpoint_override": keystone.auth_url}
    services = {s["id"]: s for s in api.get("/services", **direct).json()["services"]}
    return {
        (
            services[e["service_id"]]["type"],
            services[e["service_id"]].get("name", ""),
            e["interface"],
            e["region_id"],
            e["url"],
            e["enabled"],
        )
        for e in api.get("/endpoints", **direct).json()["endpoints"]
    }


def plan_json(keystone, deployment, *options) -> dict:
    result = run_policykit("catalog", "plan", str(deployment), "--format", "json", *options,
                           environment=keystone.os_environment())
    assert result.code == 0, result.err
    return json.loads(result.out)


def apply(keystone, deployment, *options):
    result = run_policykit("catalog", "apply", str(deployment), *options, environment=keystone.os_environment())
    assert result.code == 0, result.out + result.err
    return result


def labels(changes, action=None) -> set[tuple[str, str]]:
    return {(c["kind"], c["label"]) for c in changes if action is None or c["action"] == action}


def test_plan_on_a_fresh_keystone_lists_creations_and_changes_nothing(first_run):
    assert first_run.plan_json.code == 0, first_run.plan_json.err
    document = json.loads(first_run.plan_json.out)
    assert document["summary"] == {"create": 19, "update": 0, "delete": 0}
    created = labels(document["changes"], "create")
    assert {("region", "RegionTwo"), ("service", "compute/nova"), ("service", "dns/designate")} <= created
    assert ("endpoint", "object-store/swift public RegionTwo") in created
    # bootstrap's public and internal identity endpoints are what the deployment says
    assert not [c for c in document["changes"] if c["label"].startswith("identity/")]
    swift = next(c for c in document["changes"] if c["label"] == "object-store/swift public RegionOne")
    assert swift["values"]["url"] == "https://127.0.0.1:8080/v1/AUTH_$(project_id)s"
    assert "Plan: 19 to create, 0 to update, 0 to delete." in first_run.plan.out
    # the plans ran before apply, and apply still found everything to do
    assert "Applied: 19 created, 0 updated, 0 deleted." in first_run.apply.out


def test_plan_with_prune_lists_what_bootstrap_made_beyond_the_deployment(first_run):
    assert first_run.plan_prune_json.code == 0, first_run.plan_prune_json.err
    document = json.loads(first_run.plan_prune_json.out)
    assert labels(document["changes"], "delete") == {("endpoint", "identity/keystone admin RegionOne")}
    assert document["held"] == [] and document["kept"] == []
    assert "--prune would delete them" in first_run.plan.out


def test_first_apply_creates_what_the_deployment_describes(first_run, keystone):
    assert first_run.apply.code == 0, first_run.apply.err
    rows = live_rows(keystone)
    assert ("compute", "nova", "public", "RegionTwo", "https://api.r2.example.test:8774/v2.1", True) in rows
    assert ("object-store", "swift", "internal", "RegionOne", "http://127.0.0.1:8080/v1", True) in rows
    assert ("dns", "designate", "internal", "RegionTwo", "http://10.2.0.10:9001", True) in rows
    api = admin_session(keystone)
    services = api.get("/services", params={"type": "dns"}, endpoint_filter=IDENTITY).json()["services"]
    assert [s["enabled"] for s in services] == [False]
    region = api.get("/regions/RegionTwo", endpoint_filter=IDENTITY).json()["region"]
    assert region["description"] == "Second site"


def test_second_apply_changes_nothing(first_run, keystone, deployment_file):
    before = live_rows(keystone)
    result = apply(keystone, deployment_file)
    assert "nothing to change" in result.out
    assert live_rows(keystone) == before
    assert plan_json(keystone, deployment_file)["changes"] == []


def test_apply_patches_an_endpoint_changed_out_of_band(first_run, keystone, deployment_file):
    api = admin_session(keystone)
    nova = api.get("/services", params={"type": "compute"}, endpoint_filter=IDENTITY).json()["services"][0]
    endpoint = next(
        e
        for e in api.get("/endpoints", params={"service_id": nova["id"], "interface": "public"},
                         endpoint_filter=IDENTITY).json()["endpoints"]
        if e["region_id"] == "RegionTwo"
    )
    api.patch(f"/endpoints/{endpoint['id']}", json={"endpoint": {"url": "https://old.example.test/v2.1"}},
              endpoint_filter=IDENTITY)

    planned = plan_json(keystone, deployment_file)["changes"]
    assert planned == [{
        "action": "update", "kind": "endpoint", "label": "compute/nova public RegionTwo", "id": endpoint["id"],
        "service": {"type": "compute", "name": "nova"},
        "changes": {"url": {"old": "https://old.example.test/v2.1", "new": "https://api.r2.example.test:8774/v2.1"}},
    }]
    text = run_policykit("catalog", "plan", str(deployment_file), environment=keystone.os_environment()).out
    assert "~ endpoint compute/nova public RegionTwo  url: https://old.example.test/v2.1 → " \
           "https://api.r2.example.test:8774/v2.1" in text

    result = apply(keystone, deployment_file)
    assert "updated endpoint compute/nova public RegionTwo" in result.out
    after = api.get(f"/endpoints/{endpoint['id']}", endpoint_filter=IDENTITY).json()["endpoint"]
    assert after["url"] == "https://api.r2.example.test:8774/v2.1"  # patched in place, same id


def test_prune_deletes_out_of_band_objects_only_when_asked(first_run, keystone, deployment_file):
    api = admin_session(keystone)
    api.post("/regions", json={"region": {"id": "RegionStray"}}, endpoint_filter=IDENTITY)
    legacy = api.post("/services", json={"service": {"type": "org:legacy", "name": "legacy"}},
                      endpoint_filter=IDENTITY).json()["service"]
    api.post("/endpoints", json={"endpoint": {"service_id": legacy["id"], "interface": "public",
                                              "region_id": "RegionStray", "url": "http://legacy.example.test"}},
             endpoint_filter=IDENTITY)

    without_prune = plan_json(keystone, deployment_file)
    assert labels(without_prune["changes"]) == set()
    assert {"org:legacy/legacy", "RegionStray"} <= {k["label"] for k in without_prune["kept"]}
    assert "nothing to change" in apply(keystone, deployment_file).out
    assert ("org:legacy", "legacy", "public", "RegionStray", "http://legacy.example.test", True) in live_rows(keystone)

    with_prune = plan_json(keystone, deployment_file, "--prune")
    assert {
        ("endpoint", "org:legacy/legacy public RegionStray"),
        ("service", "org:legacy/legacy"),
        ("region", "RegionStray"),
    } <= labels(with_prune["changes"], "delete")
    assert labels(with_prune["changes"], "create") == labels(with_prune["changes"], "update") == set()

    result = apply(keystone, deployment_file, "--prune")
    assert "deleted service org:legacy/legacy" in result.out
    assert not [row for row in live_rows(keystone) if row[0] == "org:legacy"]
    assert api.get("/regions/RegionStray", endpoint_filter=IDENTITY, raise_exc=False).status_code == 404
    assert plan_json(keystone, deployment_file, "--prune")["changes"] == []


def test_prune_holds_back_the_identity_endpoint_in_use(first_run, keystone, identity_objects, tmp_path):
    without_identity = tmp_path / "no-identity.yaml"
    without_identity.write_text(deployment_text(keystone, identity_objects, with_identity_service=False))
    document = plan_json(keystone, without_identity, "--prune")
    assert ("endpoint", "identity/keystone internal RegionOne") in labels(document["changes"], "delete")
    assert labels(document["held"]) == {
        ("endpoint", "identity/keystone public RegionOne"),
        ("service", "identity/keystone"),
    }
    assert not [c for c in document["changes"] if c["kind"] == "service"]
    allowed = plan_json(keystone, without_identity, "--prune", "--allow-in-use")
    assert document["held"] and not allowed["held"]
    assert ("service", "identity/keystone") in labels(allowed["changes"], "delete")
    # through the internal endpoint, that is the one held back
    internal = plan_json(keystone, without_identity, "--prune", "--os-interface", "internal")
    assert labels(internal["held"]) == {
        ("endpoint", "identity/keystone internal RegionOne"),
        ("service", "identity/keystone"),
    }


def test_apply_does_not_move_the_endpoint_in_use_without_allow_in_use(first_run, keystone, identity_objects,
                                                                        tmp_path):
    # The deployment spells the public identity URL as https, where Keystone serves http:
    # applying it would cut policykit and every client off this Keystone.
    https = tmp_path / "https-identity.yaml"
    https.write_text(deployment_text(keystone, identity_objects).replace("    scheme: http\n", "", 1))
    before = live_rows(keystone)
    result = apply(keystone, https)
    assert f"! not done: update endpoint identity/keystone public RegionOne  url: {keystone.auth_url} → " \
           f"https://127.0.0.1:{keystone.port}/v3" in result.out
    assert live_rows(keystone) == before


def test_fetch_writes_a_deployment_that_plans_no_change(first_run, keystone, tmp_path):
    from policykit.deployment import load_deployment

    fetched = tmp_path / "fetched.yaml"
    result = run_policykit("catalog", "fetch", "-o", str(fetched), environment=keystone.os_environment())
    assert result.code == 0, result.err
    deployment = load_deployment(fetched)
    assert {s.type for s in deployment.services} >= {"identity", "compute", "object-store", "dns"}
    assert next(s for s in deployment.services if s.type == "dns").enabled is False
    document = plan_json(keystone, fetched, "--prune")
    assert document["changes"] == [] and document["held"] == [] and document["kept"] == []
    text = run_policykit("catalog", "plan", str(fetched), environment=keystone.os_environment()).out
    assert "nothing to change" in text


def test_apply_reports_a_partial_failure(first_run, keystone, identity_objects, deployment_file, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        deployment_text(keystone, identity_objects).replace(
            "identity:\n",
            "  - type: org:broken\n    name: broken\n    interfaces: []\n    endpoints:\n"
            '      - {region: RegionOne, interface: public, url: "http://127.0.0.1:9999/$(no_such_key)s"}\n'
            "identity:\n",
        )
    )
    result = run_policykit("catalog", "apply", str(broken), environment=keystone.os_environment())
    assert result.code == 1, result.out + result.err
    assert "created service org:broken/broken" in result.out
    assert "failed: create endpoint org:broken/broken public RegionOne" in result.out
    assert "HTTP 400" in result.out
    assert "Partly applied: 1 created" in result.out
    apply(keystone, deployment_file, "--prune")  # the service it did create goes again
    assert plan_json(keystone, deployment_file, "--prune")["changes"] == []


@pytest.mark.parametrize(("username", "password", "project"), [
    ("admin", None, "admin"),
    ("alice", DEMO_PASSWORD, "demo"),
])
def test_a_new_token_carries_the_rendered_catalog(first_run, keystone, deployment_file, username, password, project):
    from keystoneauth1 import session
    from keystoneauth1.identity import v3

    apply(keystone, deployment_file, "--prune")  # bootstrap's admin endpoint is not in the deployment
    auth = v3.Password(auth_url=keystone.auth_url, username=username, password=password or keystone.password,
                       project_name=project, user_domain_id="default", project_domain_id="default")
    access = auth.get_access(session.Session(auth=auth))
    live = catalog_rows(access.service_catalog.catalog)

    rendered = run_policykit("catalog", "render", "--format", "v3", "--project", project, str(deployment_file))
    assert rendered.code == 0, rendered.err
    expected = catalog_rows(json.loads(rendered.out)["token"]["catalog"])
    assert live == expected
    swift = f"https://127.0.0.1:8080/v1/AUTH_{access.project_id}"
    assert ("object-store", "swift", "public", "RegionOne", swift) in live
    assert not [row for row in live if row[0] == "dns"]  # disabled service: not in any catalog


def catalog_rows(catalog: list[dict]) -> set[tuple]:
    return {
        (service["type"], service.get("name", ""), endpoint["interface"], endpoint.get("region_id"), endpoint["url"])
        for service in catalog
        for endpoint in service["endpoints"]
    }


def run_subprocess(*arguments: str, environment: dict[str, str]):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(environment)
    return subprocess.run([sys.executable, "-m", "policykit.cli", *arguments], capture_output=True, text=True,
                          env=env, timeout=120)


def test_wrong_password_is_one_line_and_exit_2(keystone, deployment_file):
    environment = dict(keystone.os_environment(), OS_PASSWORD="not-the-Password-123")
    done = run_subprocess("catalog", "plan", str(deployment_file), environment=environment)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert "authentication failed" in done.stderr and keystone.auth_url in done.stderr
    assert "not-the-Password-123" not in done.stderr


def test_unreachable_keystone_is_one_line_and_exit_2(deployment_file):
    closed = free_port()  # bound, read and closed: nothing listens there
    environment = {"OS_AUTH_URL": f"http://127.0.0.1:{closed}/v3", "OS_USERNAME": "admin",
                   "OS_PASSWORD": "whatever-Secret", "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_ID": "default",
                   "OS_PROJECT_DOMAIN_ID": "default"}
    for command in (("plan", str(deployment_file)), ("apply", str(deployment_file)), ("fetch",)):
        result = run_policykit("catalog", *command, environment=environment)
        assert result.code == 2
        assert result.err.count("\n") == 1, result.err
        assert f"cannot reach Keystone at http://127.0.0.1:{closed}/v3" in result.err
        assert "whatever-Secret" not in result.err
    # in a process of its own, where no test harness has configured logging
    done = run_subprocess("catalog", "fetch", environment=environment)
    assert (done.returncode, done.stdout) == (2, "")
    expected = f"policykit: error: cannot reach Keystone at http://127.0.0.1:{closed}/v3: connection refused\n"
    assert done.stderr == expected


def test_neither_password_nor_token_is_ever_printed(first_run, keystone, deployment_file, tmp_path):
    environment = {k: v for k, v in keystone.os_environment().items() if k != "OS_PASSWORD"}
    secret = ["--os-password", keystone.password]
    outputs = [
        run_subprocess("catalog", "plan", str(deployment_file), "--debug", *secret, environment=environment),
        run_subprocess("catalog", "apply", str(deployment_file), "--prune", "--debug", *secret,
                       environment=environment),
        run_subprocess("catalog", "fetch", "--debug", *secret, environment=environment),
    ]
    for done in outputs:
        assert done.returncode == 0, done.stderr
        assert "debug: REQ: curl" in done.stderr  # the request log is really on
        for text in (done.stdout, done.stderr):
            assert keystone.password not in text
            assert "gAAAAA" not in text  # every fernet token starts like this


def test_an_unusable_identity_endpoint_choice_is_one_line_and_exit_2(keystone):
    closed = free_port()
    override = run_policykit("catalog", "fetch", "--os-endpoint-override", f"http://127.0.0.1:{closed}/v3",
                             environment=keystone.os_environment())
    assert override.code == 2 and override.err.count("\n") == 1, override.err
    assert f"cannot reach Keystone at http://127.0.0.1:{closed}/v3" in override.err

    no_region = run_policykit("catalog", "fetch", "--os-region-name", "RegionNowhere",
                              environment=keystone.os_environment())
    assert no_region.code == 2 and no_region.err.count("\n") == 1, no_region.err
    assert "no usable identity endpoint in the catalog" in no_region.err and "RegionNowhere" in no_region.err


def test_token_and_application_credential_auth_work_and_the_token_is_not_printed(first_run, keystone):
    api = admin_session(keystone)
    token = api.get_token()
    with_token = {"OS_AUTH_URL": keystone.auth_url, "OS_PROJECT_NAME": "admin", "OS_PROJECT_DOMAIN_ID": "default"}
    fetched = run_policykit("catalog", "fetch", "--os-auth-type", "token", "--os-token", token, "--debug",
                            environment=with_token)
    assert fetched.code == 0, fetched.err
    assert "type: identity" in fetched.out
    assert token not in fetched.out + fetched.err

    user_id = api.get_user_id()
    credential = api.post(f"/users/{user_id}/application_credentials",
                          json={"application_credential": {"name": "policykit-test"}},
                          endpoint_filter=IDENTITY).json()["application_credential"]
    environment = {"OS_AUTH_TYPE": "v3applicationcredential", "OS_AUTH_URL": keystone.auth_url,
                   "OS_APPLICATION_CREDENTIAL_ID": credential["id"],
                   "OS_APPLICATION_CREDENTIAL_SECRET": credential["secret"]}
    fetched = run_policykit("catalog", "fetch", environment=environment)
    assert fetched.code == 0, fetched.err
    assert credential["secret"] not in fetched.out + fetched.err


def test_a_user_without_catalog_rights_gets_one_line_and_exit_2(first_run, keystone, deployment_file):
    environment = dict(keystone.os_environment(), OS_USERNAME="alice", OS_PASSWORD=DEMO_PASSWORD,
                       OS_PROJECT_NAME="demo")
    before = live_rows(keystone)
    result = run_policykit("catalog", "apply", str(deployment_file), "--prune", environment=environment)
    assert result.code == 2 and result.out == ""
    assert result.err.count("\n") == 1 and "HTTP 403" in result.err, result.err
    assert live_rows(keystone) == before


def test_plan_reaches_keystone_through_the_auth_url_after_the_identity_endpoints_moved(
        first_run, keystone, identity_objects, deployment_file, tmp_path):
    # Move every identity endpoint the deployment describes to a port nothing listens on:
    # clients that go through the catalog are cut off, the auth URL still works.
    closed = free_port()
    moved = tmp_path / "moved-identity.yaml"
    moved.write_text(deployment_text(keystone, identity_objects).replace(f"port: {keystone.port}", f"port: {closed}", 1))
    try:
        result = apply(keystone, moved, "--allow-in-use")
        assert f"127.0.0.1:{closed}/v3" in result.out
        rows = {row for row in live_rows(keystone) if row[0] == "identity" and row[2] in ("public", "internal")}
        assert rows and all(f":{closed}/v3" in row[4] for row in rows)

        again = run_policykit("catalog", "plan", str(moved), "--format", "json", environment=keystone.os_environment())
        assert again.code == 0, again.err
        assert json.loads(again.out)["changes"] == []
    finally:
        restored = apply(keystone, deployment_file, "--allow-in-use")
    assert "cannot reach" not in restored.err
    assert plan_json(keystone, deployment_file)["changes"] == []
