"""keystone's profile decides as keystone's own enforcer does.

The oracle is keystone's own code path (``keystone_oracle``): the creds of its
``RequestContext`` filled by its auth middleware from a token, its
``keystone.common.policies.list_rules()`` registered in oslo.policy's Enforcer, and its
``utils.flatten_dict`` for targets. policykit gets only the persona's oslo.context
values and must derive the rest (``token``, ``domain_id``, ``is_admin_project``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keystone_oracle import oracle_creds, oracle_enforcer, oracle_outcome
from policykit import services
from policykit.analysis.matrix import compute_matrix
from policykit.analysis.personas import standard_personas
from policykit.analysis.state import load_state
from policykit.analysis.targets import RELATIONS, build_target, target_keys
from policykit.policy.credentials import flatten_target, policy_values
from policykit.services.keystone import UNDERIVED_TOKEN_FIELDS
from policykit.services.requests import request_creds

KEYSTONE = services.get("keystone")


@pytest.fixture(scope="module")
def enforcer():
    return oracle_enforcer()


@pytest.fixture(scope="module")
def state():
    # keystone's registered defaults from the installed keystone; the profile follows from the namespace
    return load_state(None, defaults=["keystone"])


def _paths(value, prefix=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for key in sorted({k for v in value for k in v}):
            yield f"{prefix}.{key}", sorted(str(v.get(key)) for v in value)
    else:
        yield prefix, value


CREDS = st.builds(
    lambda scope, roles, ids: policy_values(
        roles=roles, user_id=ids[0], user_domain_id=ids[1],
        system_scope="all" if scope == "system" else None,
        domain_id=ids[2] if scope == "domain" else None,
        project_id=ids[3] if scope == "project" else None,
        project_domain_id=ids[2] if scope == "project" else None),
    st.sampled_from(["system", "domain", "project", "unscoped"]),
    st.lists(st.sampled_from(["admin", "manager", "member", "reader", "service", "Admin"]), unique=True, max_size=3),
    st.tuples(st.sampled_from(["u1", "u2"]), st.sampled_from(["d1", "d2", "default"]),
              st.sampled_from(["d1", "d2", "default"]), st.sampled_from(["p1", "p2"])))


def _assert_creds_as_keystone(creds, policy):
    ours, derived = request_creds(KEYSTONE, creds, policy)
    theirs = dict(oracle_creds(creds).to_policy_values())
    assert {k: v for k, v in ours.items() if k != "token"} == {k: v for k, v in theirs.items() if k != "token"}
    our_paths, their_paths = dict(_paths(ours["token"])), dict(_paths(theirs["token"]))
    for path, value in our_paths.items():  # every token field we derive is keystone's value
        assert their_paths.get(path) == value, (path, creds)
    # what keystone's token has and we do not derive is a field no creds value tells
    assert {p for p in their_paths if p not in our_paths} <= set(UNDERIVED_TOKEN_FIELDS), creds
    assert "token" in derived


def test_the_creds_of_every_standard_persona_are_keystones(state):
    for persona in standard_personas():
        _assert_creds_as_keystone(persona.creds, state.policy)


@settings(max_examples=150, deadline=None)
@given(CREDS)
def test_the_creds_of_any_token_are_keystones(state, creds):
    _assert_creds_as_keystone(creds, state.policy)


def test_every_matrix_cell_of_keystones_defaults_is_keystones_decision(state, enforcer):
    personas = standard_personas()
    by_name = {p.name: p for p in personas}
    matrix = compute_matrix(state, personas)
    assert len(matrix.rows) > 150
    allowed_domain_cells = 0
    for row in matrix.rows:
        for group, cell in zip(matrix.columns, row.cells):
            base = by_name[group.name].creds
            ctx = oracle_creds(base)
            for relation in RELATIONS:
                target = build_target(state.policy, row.action, state.request_creds(base), relation,
                                      state.target_values(row.action) or None, state.target_hints)
                expected = oracle_outcome(enforcer, row.action, target, ctx)
                assert cell.outcomes[relation] is expected, (row.action, group.name, relation, target)
                allowed_domain_cells += expected and group.name.startswith("domain-") and relation != "other-domain"
    assert allowed_domain_cells > 50  # domain personas do act in their domain


OTHER_VALUES = ["u2", "d2", "p2", None, "member", "admin"]


@settings(max_examples=300, deadline=None)
@given(CREDS, st.data())
def test_any_token_on_any_target_decides_as_keystone(state, enforcer, creds, data):
    actions = sorted(a for a in state.policy.rules if str(a).startswith("identity:") and target_keys(state.policy, a))
    # half of the time an action whose rule reads the token: what keystone's profile derives
    reads_token = [a for a in actions if any("token." in c for k in target_keys(state.policy, a) for c in k.checks)]
    action = data.draw(st.one_of(st.sampled_from(reads_token), st.sampled_from(actions)))
    # the caller's own ids half of the time: where the domain and owner checks turn true
    own = sorted({str(v) for k, v in creds.items() if k.endswith("_id") and v is not None})
    values = st.one_of(st.sampled_from(own), st.sampled_from(OTHER_VALUES))
    target = {key.name: data.draw(values) for key in target_keys(state.policy, action)}
    ours, _ = request_creds(KEYSTONE, creds, state.policy)
    assert state.policy.enforce(action, target, ours) is oracle_outcome(enforcer, action, target, oracle_creds(creds))


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.one_of(st.none(), st.text(max_size=3), st.integers()),
                    lambda inner: st.dictionaries(st.sampled_from(["user", "domain", "id", "project", "x.y"]), inner,
                                                  max_size=3), max_leaves=10))
def test_targets_flatten_as_keystones_flatten_dict(nested):
    from keystone.common.utils import flatten_dict

    nested = {"target": nested}
    assert flatten_target(nested) == flatten_dict(nested)


def test_rbac_enforcer_vectors_give_the_target_keys_the_rules_read(state, enforcer):
    # keystone's test_rbac_enforcer: build_target {'domain': {'id': X}} is read as target.domain.id,
    # and the subject token as target.token.user_id
    from keystone.common.utils import flatten_dict

    reader = policy_values(roles=["reader"], user_id="u1", user_domain_id="d1", domain_id="d1")
    for domain, expected in (("d1", True), ("d2", False)):
        target = flatten_dict({"target": {"domain": {"id": domain}}})
        ours, _ = request_creds(KEYSTONE, reader, state.policy)
        assert state.policy.enforce("identity:get_domain", target, ours) is expected
        assert oracle_outcome(enforcer, "identity:get_domain", target, oracle_creds(reader)) is expected
    subject = flatten_dict({"target": {"token": {"user_id": "u1", "user": {"domain": {"id": "d1"}}}}})
    ours, _ = request_creds(KEYSTONE, reader, state.policy)
    assert state.policy.enforce("identity:validate_token", subject, ours) is True


# --- the project's own small keystone-style fixture: no keystone defaults needed ---------

FIXTURE = {
    "admin_required": "role:admin",
    "identity:create_user": "rule:admin_required or (role:manager and token.domain.id:%(target.user.domain_id)s)",
    "identity:get_domain": "rule:admin_required or token.domain.id:%(target.domain.id)s or "
                           "token.project.domain.id:%(target.domain.id)s",
    "identity:grant": "role:manager and domain_id:%(target.user.domain_id)s and "
                      "('member':%(target.role.name)s or 'reader':%(target.role.name)s)",
    "identity:system_only": "token.system.all:True and token.roles.name:reader",
    "identity:by_name": "token.user.name:alice",  # a field only a real token body carries
}


def _fixture_matrix(tmp_path, service="keystone"):
    policy = tmp_path / "policy.yaml"
    policy.write_text(json.dumps(FIXTURE))
    state = load_state(policy, service=service)
    matrix = compute_matrix(state, standard_personas())
    return {(row.action, group.name): cell.verdict for row in matrix.rows
            for group, cell in zip(matrix.columns, row.cells)}


def test_domain_personas_act_in_their_domain_through_token_checks(tmp_path):
    cells = _fixture_matrix(tmp_path)
    assert cells["identity:create_user", "domain-manager"] == "domain"
    assert cells["identity:create_user", "domain-member"] == "deny"
    assert cells["identity:get_domain", "domain-reader"] == "domain"
    assert cells["identity:get_domain", "project-member"] == "domain"  # token.project.domain.id
    assert cells["identity:grant", "domain-manager"] == "domain"  # a grant of the role 'member'
    assert cells["identity:system_only", "system-reader"] == "any"
    assert cells["identity:system_only", "project-reader"] == "deny"
    # without keystone's profile the token is absent: oslo.policy alone says deny
    plain = _fixture_matrix(tmp_path, service=None)
    assert plain["identity:create_user", "domain-manager"] == "deny"


def test_eval_shows_the_derived_token_and_names_a_missing_loaded_key(tmp_path, capsys):
    from policykit.cli import main

    policy = tmp_path / "policy.yaml"
    policy.write_text(json.dumps(FIXTURE))
    args = ["eval", str(policy), "identity:create_user", "--service", "keystone", "--role", "manager",
            "--domain-id", "d1", "--user-id", "u1"]
    assert main(args + ["--target", "target.user.domain_id=d1", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["decision"] == "allow"
    assert "token" in out["request"]["derived_creds"]
    assert out["request"]["creds"]["token"]["domain"] == {"id": "d1"}
    code = main(args + ["--target", "target.user.id=u2"])
    err = capsys.readouterr().err
    assert code == 0 and "'target.user.domain_id' is not in the target" in err


# --- keystone's 2026 registered defaults (../shared/corpus, when present) ------------------

CORPUS = next((p / "shared" / "corpus" for p in Path(__file__).resolve().parents if (p / "shared" / "corpus").is_dir()),
              None)

# Read by hand from keystone's policy documentation (admin/service-api-protection, "domain
# managers" since 2024.2) and the rule text: what a domain's manager and reader may do there.
HAND_CHECKED = {
    ("identity:create_user", "domain-manager"): "domain",  # role:manager and token.domain.id:%(target.user.domain_id)s
    ("identity:update_user", "domain-manager"): "domain",
    ("identity:delete_user", "domain-manager"): "domain",
    ("identity:create_user", "domain-member"): "deny",
    ("identity:get_user", "domain-reader"): "domain",  # role:reader and token.domain.id:%(target.user.domain_id)s
    ("identity:list_users", "domain-reader"): "domain",
    ("identity:create_project", "domain-manager"): "domain",
    ("identity:create_grant", "domain-manager"): "domain",  # of the roles manager/member/reader only
    ("identity:get_domain", "domain-reader"): "domain",  # token.domain.id:%(target.domain.id)s
    ("identity:get_domain", "project-member"): "domain",  # token.project.domain.id:%(target.domain.id)s
    ("identity:get_domain", "project-no-role"): "domain",
    ("identity:create_user", "system-admin"): "any",
    ("identity:create_user", "project-manager"): "deny",
}


@pytest.mark.skipif(CORPUS is None, reason="the shared corpus is not present")
def test_the_2026_keystone_matrix_shows_what_domain_personas_may_do(capsys):
    from policykit.cli import main

    code = main(["matrix", "--defaults", str(CORPUS / "defaults" / "keystone.json"), "--personas", "standard",
                 "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["service"] == "keystone"
    names = [c["name"] for c in data["columns"]]
    cells = {(row["action"], name): cell["verdict"] for row in data["rows"] for name, cell in zip(names, row["cells"])}
    assert {key: cells[key] for key in HAND_CHECKED} == HAND_CHECKED
    grant = next(row for row in data["rows"] if row["action"] == "identity:create_grant")
    assert grant["fixed_target_values"] == {"target.role.name": "member"} and not grant["unknown_keys"]


def test_policy_tests_see_keystones_token(tmp_path, capsys):
    from policykit.cli import main

    (tmp_path / "keystone-policy.yaml").write_text(json.dumps(FIXTURE))  # keystone's, by its name
    (tmp_path / "keystone_policytest.yaml").write_text(
        "version: 1\nstate:\n  policy: keystone-policy.yaml\npersonas: standard\ncases:\n"
        "  - persona: domain-manager\n    allow: [identity:create_user, identity:grant]\n"
        "  - persona: domain-manager\n    target: [other-domain]\n    deny: [identity:create_user, identity:grant]\n"
        "  - persona: project-member\n    allow: [identity:get_domain]\n"
        f"  - token: {json.dumps(TOKEN_BODY)}\n    target: {{x: '1'}}\n    allow: [identity:by_name]\n")
    code = main(["test", str(tmp_path / "keystone_policytest.yaml")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.splitlines()[-1] == "6 passed, 0 failed"


TOKEN_BODY = {"token": {"methods": ["password"], "user": {"id": "u1", "name": "alice", "domain": {"id": "d1", "name": "Dom"}},
                        "domain": {"id": "d1", "name": "Dom"}, "roles": [{"id": "r1", "name": "manager"}],
                        "audit_ids": ["a"]}}


def test_a_token_body_is_keystones_token_as_it_is(tmp_path, capsys, enforcer):
    from policykit.cli import main

    (tmp_path / "token.json").write_text(json.dumps(TOKEN_BODY))
    (tmp_path / "policy.yaml").write_text(json.dumps({"by_name": "token.user.name:alice"}))
    base = ["eval", str(tmp_path / "policy.yaml"), "by_name", "--creds", str(tmp_path / "token.json"),
            "--target", "x=1"]
    # keystone's creds carry the whole rendered token, names included; another service's do not
    assert main(base + ["--service", "keystone"]) == 0 and capsys.readouterr().out.strip() == "allow"
    assert main(base + ["--service", "nova"]) == 0 and capsys.readouterr().out.strip() == "deny"
    # keystone itself, given the same token body through its context
    from keystone.common import context

    ctx = context.RequestContext(user_id="u1", user_domain_id="d1", domain_id="d1", roles=["manager"])
    ctx.token_reference = TOKEN_BODY
    from oslo_policy import policy as oslo_policy

    check = oslo_policy._parser.parse_rule("token.user.name:alice")
    assert check({"x": "1"}, ctx.to_policy_values(), enforcer) is True
