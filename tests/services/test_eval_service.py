"""`policykit eval` decides as the service does: its checks, the creds it derives, the
target it builds for the caller's own resources, and clear words on unusable creds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykit.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

NEUTRON = (
    '"context_is_admin": "role:admin"\n'
    '"admin_or_owner": "rule:context_is_admin or project_id:%(project_id)s"\n'
    '"shared": "field:networks:shared=True"\n'
    '"get_network": "rule:admin_or_owner or rule:shared"\n'
    '"create_port:mac": "rule:context_is_admin or project_id:%(network:project_id)s"\n'
)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["eval", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_readme_example_allows_alice_and_says_which_target(capsys):
    code, out, err = run(capsys, EXAMPLES / "policies" / "nova.yaml", "os_compute_api:servers:create",
                         "--persona", "alice@demo", "--deployment", EXAMPLES / "deployment.yaml")
    assert (code, out.strip()) == (0, "allow")
    assert "caller's own resources" in err and '"project_id"' in err


def test_someone_elses_project_is_denied(capsys):
    code, out, err = run(capsys, EXAMPLES / "policies" / "nova.yaml", "os_compute_api:servers:create",
                         "--persona", "alice@demo", "--deployment", EXAMPLES / "deployment.yaml",
                         "--target-owner", "other-project", "--format", "json")
    data = json.loads(out)
    assert data["decision"] == "deny" and data["request"]["target_built_for"] == "other-project"
    assert data["request"]["target"] == {"project_id": "other-project"}
    assert data["service"] == {"name": "nova", "from": "deployment"}
    assert data["request"]["derived_creds"] == ["is_admin"] and data["request"]["creds"]["is_admin"] is False


def test_target_owner_and_a_target_do_not_mix(capsys):
    code, _, err = run(capsys, EXAMPLES / "policies" / "nova.yaml", "os_compute_api:servers:create",
                       "--persona", "alice@demo", "--deployment", EXAMPLES / "deployment.yaml",
                       "--target-owner", "own", "--target", "project_id=x")
    assert code == 2 and "not both" in err


@pytest.fixture
def neutron_file(tmp_path):
    path = tmp_path / "neutron" / "policy.yaml"
    path.parent.mkdir()
    path.write_text(NEUTRON)
    return path


def test_neutron_shows_a_shared_network_to_everyone(neutron_file, capsys):
    args = (neutron_file, "get_network", "--role", "member", "--project-id", "p1", "--target", "project_id=p2",
            "--target", "shared:=true")
    assert run(capsys, *args)[:2] == (0, "allow\n")
    # the same file read as plain oslo.policy: field: is a creds look-up, never true
    plain = neutron_file.parent.parent / "policy.yaml"
    plain.write_text(NEUTRON)
    code, out, err = run(capsys, plain, "get_network", "--role", "member", "--project-id", "p1",
                         "--target", "project_id=p2", "--target", "shared:=true")
    assert out == "deny\n"


def test_neutron_parent_owner_in_the_target_decides(neutron_file, capsys):
    base = (neutron_file, "create_port:mac", "--role", "member", "--project-id", "p1", "--target", "network_id=n1")
    assert run(capsys, *base, "--target", "network:project_id=p1")[:2] == (0, "allow\n")
    assert run(capsys, *base, "--target", "network:project_id=p2")[:2] == (0, "deny\n")


def test_neutron_parent_owner_missing_says_what_to_put_in_the_target(neutron_file, capsys):
    code, out, err = run(capsys, neutron_file, "create_port:mac", "--role", "member", "--project-id", "p1",
                         "--target", "network_id=n1")
    assert code == 2 and "put 'network:project_id' in the target" in err and out == ""


def test_nova_is_admin_comes_from_context_is_admin(tmp_path, capsys):
    policy = tmp_path / "nova-policy.yaml"
    policy.write_text('"context_is_admin": "role:admin"\n"admin_api": "is_admin:True"\n')
    assert run(capsys, policy, "admin_api", "--role", "admin")[:2] == (0, "allow\n")
    assert run(capsys, policy, "admin_api", "--role", "member")[:2] == (0, "deny\n")
    code, out, _ = run(capsys, policy, "admin_api", "--role", "admin", "--explain")
    assert "derived by nova: is_admin" in out and '"is_admin": true' in out


def test_v2_token_is_refused(tmp_path, capsys):
    token = tmp_path / "token.json"
    token.write_text(json.dumps({"access": {"token": {"id": "x", "tenant": {"id": "p1"}},
                                            "user": {"id": "u1", "roles": [{"name": "admin"}]}}}))
    code, _, err = run(capsys, EXAMPLES / "policies" / "nova.yaml", "os_compute_api:servers:create", "--creds", token)
    assert code == 2 and "v2 token" in err


def test_unscoped_token_is_a_warning(tmp_path, capsys):
    token = tmp_path / "token.json"
    token.write_text(json.dumps({"token": {"user": {"id": "u1", "domain": {"id": "default"}}, "roles": []}}))
    code, out, err = run(capsys, EXAMPLES / "policies" / "nova.yaml", "os_compute_api:servers:create", "--creds", token)
    assert out == "deny\n" and "unscoped token" in err


def test_creds_with_role_instead_of_roles_is_a_warning(tmp_path, capsys):
    creds = tmp_path / "creds.yaml"
    creds.write_text("role: [admin]\nproject_id: p1\n")
    code, out, err = run(capsys, EXAMPLES / "policies" / "nova.yaml", "os_compute_api:servers:create",
                         "--creds", creds, "--target", "project_id=p1")
    assert out == "deny\n" and "did you mean 'roles'" in err


def test_unknown_service_is_bad_input(capsys):
    code, _, err = run(capsys, EXAMPLES / "policies" / "nova.yaml", "x", "--service", "neutorn")
    assert code == 2 and "did you mean 'neutron'" in err


def test_neutron_turns_a_missing_parent_id_into_deny_as_its_rule_reference_does(neutron_file, capsys):
    # neutron enforces rule:create_port:mac; the owner check's KeyError (no network_id) is False there
    code, out, err = run(capsys, neutron_file, "create_port:mac", "--role", "member", "--project-id", "p1")
    assert (code, out) == (0, "deny\n") and "KeyError" in err


def test_persona_on_neutron_gets_the_parent_owner_filled(tmp_path, capsys):
    (tmp_path / "net-policy.yaml").write_text(NEUTRON)
    (tmp_path / "deployment.yaml").write_text(
        "version: 1\nregions: [{id: R, hosts: {public: h.example.com, internal: h}}]\n"
        "services:\n  - {type: network, name: custom-net, port: 9696, policy: net-policy.yaml}\n"
        "identity:\n  domains: [{name: Default, id: default}]\n  projects: [{name: demo, domain: Default, id: p-demo}]\n"
        "  roles: [member]\n  users: [{name: alice, domain: Default, id: u-alice}]\n"
        "  assignments: [{user: alice, role: member, project: demo}]\n")
    base = (tmp_path / "net-policy.yaml", "create_port:mac", "--persona", "alice@demo",
            "--deployment", tmp_path / "deployment.yaml", "--format", "json")
    data = json.loads(run(capsys, *base)[1])
    assert data["service"] == {"name": "neutron", "from": "deployment"}
    assert data["request"]["target"] == {"network:project_id": "p-demo"} and data["decision"] == "allow"
    data = json.loads(run(capsys, *base, "--target-owner", "other-project")[1])
    assert data["decision"] == "deny"
