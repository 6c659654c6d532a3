"""Personas carry exactly the credentials oslo.context produces for a token of that user and scope."""

from __future__ import annotations

from pathlib import Path

import pytest
from oslo_context.context import RequestContext
from oslo_policy import policy as oslo_policy
from oslo_config import cfg

from policykit.deployment import load_deployment
from policykit.deployment.personas import find_persona, personas_of
from policykit.errors import InputError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "deployment.yaml"


@pytest.fixture(scope="module")
def example():
    return load_deployment(EXAMPLE)


def context_for(creds) -> RequestContext:
    """The RequestContext keystonemiddleware would build from the token the persona describes."""
    return RequestContext(
        user_id=creds["user_id"], user_domain_id=creds["user_domain_id"], system_scope=creds["system_scope"],
        domain_id=creds["domain_id"], project_id=creds["project_id"],
        project_domain_id=creds["project_domain_id"], roles=creds["roles"],
    )


def test_creds_equal_oslo_context_policy_values(example):
    personas = personas_of(example)
    assert personas
    for persona in personas:
        assert persona.creds == context_for(persona.creds).to_policy_values(), persona.name
        assert set(persona.creds) == set(RequestContext().to_policy_values())


def test_names_scopes_and_roles(example):
    by_name = {p.name: p for p in personas_of(example)}
    assert set(by_name) == {"admin@admin", "admin@system", "alice@demo", "bob@demo", "nova@service",
                            "glance@service", "carol@domain:customers", "carol@acme"}
    alice = by_name["alice@demo"].creds
    demo = example.identity.find_projects("demo")[0]
    assert alice["project_id"] == demo.id and alice["project_domain_id"] == "default"
    assert alice["roles"] == ["member", "reader"]  # member implies reader
    assert alice["system_scope"] is None and alice["domain_id"] is None
    system = by_name["admin@system"].creds
    assert system["system_scope"] == "all" and system["project_id"] is None
    assert system["roles"] == ["admin", "member", "reader"]
    carol = by_name["carol@domain:customers"].creds
    assert carol["domain_id"] == example.identity.find_domain("customers").id
    assert carol["user_domain_id"] == carol["domain_id"] and carol["project_id"] is None


def test_oslo_policy_decides_on_persona_credentials(example):
    rules = oslo_policy.Rules.from_dict({
        "read": "role:reader and project_id:%(project_id)s",
        "system-admin": "role:admin and system_scope:all",
    })
    enforcer = oslo_policy.Enforcer(cfg.ConfigOpts(), use_conf=False, rules=rules)
    by_name = {p.name: p for p in personas_of(example)}
    demo = {"project_id": example.identity.find_projects("demo")[0].id}
    assert enforcer.enforce("read", demo, by_name["alice@demo"].creds)  # through the implied reader role
    assert not enforcer.enforce("read", demo, by_name["carol@acme"].creds)
    assert enforcer.enforce("system-admin", {}, by_name["admin@system"].creds)
    assert not enforcer.enforce("system-admin", {}, by_name["admin@admin"].creds)


def test_assignments_on_one_scope_share_a_persona_and_clashing_names_are_qualified(tmp_path):
    path = tmp_path / "deployment.yaml"
    path.write_text("""
version: 1
identity:
  domains: [{name: other}]
  projects: [{name: demo}, {name: demo, domain: other}]
  roles: [member, reader]
  users: [{name: alice}, {name: alice, domain: other}]
  assignments:
    - {user: alice, user_domain: Default, role: member, project: demo, project_domain: Default}
    - {user: alice, user_domain: Default, role: reader, project: demo, project_domain: Default}
    - {user: alice, user_domain: other, role: reader, project: demo, project_domain: other}
    - {user: ghost, role: reader, project: demo}
""")
    personas = personas_of(load_deployment(path))
    assert [(p.name, p.creds["roles"]) for p in personas] == [
        ("alice/Default@demo/Default", ["member", "reader"]),
        ("alice/other@demo/other", ["reader"]),
    ]


def test_unknown_persona_suggests_the_closest(example):
    assert find_persona(example, "alice@demo").user == "alice"
    with pytest.raises(InputError) as caught:
        find_persona(example, "alice@dmeo")
    assert "did you mean alice@demo?" in str(caught.value)


def test_disabled_users_projects_and_domains_have_no_persona(tmp_path):
    path = tmp_path / "deployment.yaml"
    path.write_text("""
version: 1
identity:
  domains: [{name: closed, enabled: false}]
  projects: [{name: demo}, {name: frozen, enabled: false}, {name: gone, domain: closed}]
  roles: [member]
  users: [{name: alice}, {name: mallory, enabled: false}]
  assignments:
    - {user: alice, role: member, project: demo}
    - {user: alice, role: member, project: frozen}
    - {user: alice, role: member, project: gone}
    - {user: alice, role: member, domain: closed}
    - {user: mallory, role: member, project: demo}
""")
    assert [p.name for p in personas_of(load_deployment(path))] == ["alice@demo"]
