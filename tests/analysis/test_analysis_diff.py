"""Every gain and loss the diff reports is confirmed by oslo.policy, and none it confirms is left out."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings, strategies as st

from analysis_oracle import fresh_dir, oslo_enforcer, oslo_outcome
from policykit.analysis.diff import compute_diff
from policykit.analysis.personas import standard_personas
from policykit.analysis.state import load_state
from policykit.analysis.targets import RELATIONS, build_target
from policykit.policy.defaults import DefaultsSet, RegisteredDefault, load_defaults_file

DATA = Path(__file__).resolve().parent / "data"
LEAVES = ["role:admin", "role:member", "role:reader", "project_id:%(project_id)s", "system_scope:all",
          "domain_id:%(target.domain.id)s", "@", "!", "rule:base", "user_id:%(user_id)s"]
ACTIONS = ["svc:things:get", "svc:things:create", "svc:others:list"]


@st.composite
def rule_sets(draw):
    rules = {}
    for action in draw(st.lists(st.sampled_from(ACTIONS), unique=True, min_size=1)):
        leaves = draw(st.lists(st.sampled_from(LEAVES), min_size=1, max_size=3))
        rules[action] = draw(st.sampled_from([" and ", " or "])).join(leaves)
    rules["base"] = draw(st.sampled_from(["role:admin", "project_id:%(project_id)s"]))
    if draw(st.booleans()):
        rules["default"] = draw(st.sampled_from(["role:admin", "!", "@"]))
    return rules


def _decisions(enforcer, policy, action, creds):
    return [oslo_outcome(enforcer, action, build_target(policy, action, creds, r), creds) for r in RELATIONS]


@settings(max_examples=30, deadline=None)
@given(old_rules=rule_sets(), new_rules=rule_sets())
def test_gains_and_losses_are_exactly_what_oslo_says_changes(old_rules, new_rules):
    personas = standard_personas()
    with fresh_dir() as old_dir, fresh_dir() as new_dir:
        old_enforcer, new_enforcer = oslo_enforcer(old_dir, old_rules), oslo_enforcer(new_dir, new_rules)
        old, new = load_state(Path(old_dir) / "policy.yaml"), load_state(Path(new_dir) / "policy.yaml")
        diff = compute_diff(old, new, personas)
        reported = {(e.action, c.persona, c.relation): c for e in diff.actions for c in e.changes}
        by_label = {group.label: group for group in diff.columns}
        for entry in diff.actions:
            for label, group in by_label.items():
                for member in (p for p in personas if p.name in group.members):
                    before = _decisions(old_enforcer, old.policy, entry.action, member.creds)
                    after = _decisions(new_enforcer, new.policy, entry.action, member.creds)
                    for relation, was, now in zip(RELATIONS, before, after):
                        change = reported.get((entry.action, label, relation))
                        if was == now:
                            assert change is None, (entry.action, member.name, relation)
                            continue
                        assert change is not None, (entry.action, member.name, relation, was, now)
                        if isinstance(was, bool) and isinstance(now, bool):
                            assert change.kind == ("gain" if now else "loss")


RENAMED = RegisteredDefault(name="svc:things:get", check_str="role:reader and project_id:%(project_id)s",
                            scope_types=("project",), deprecated_name="svc:things:get",
                            deprecated_check_str="role:member and project_id:%(project_id)s")


def test_flipping_enforce_new_defaults_is_confirmed_by_oslo(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("{}\n")
    defaults = DefaultsSet(("svc",), "entry point svc", {RENAMED.name: RENAMED})
    old = load_state(policy, defaults=[defaults], settings={"enforce_new_defaults": "false"})
    new = load_state(policy, defaults=[defaults], settings={"enforce_new_defaults": "true"})
    diff = compute_diff(old, new, standard_personas())
    # (role:reader or role:member) → role:reader: nobody in the standard set has member without reader
    assert diff.total("gain") == 0 and diff.total("loss") == 0
    assert [e.action for e in diff.changed] == ["svc:things:get"] and diff.changed[0].rule_changed
    assert diff.changed[0].old.text == ("((role:reader and project_id:%(project_id)s) or "
                                        "(role:member and project_id:%(project_id)s))")
    for flag, state in ((False, old), (True, new)):
        with fresh_dir() as tmp:
            enforcer = oslo_enforcer(tmp, {}, [RENAMED], flag)
            creds = {"roles": ["member"], "project_id": "p", "user_id": "u"}
            assert oslo_outcome(enforcer, RENAMED.name, {"project_id": "p"}, creds) is (not flag)
            assert state.policy.enforce(RENAMED.name, {"project_id": "p"}, creds) is (not flag)


def test_an_upgrade_between_two_defaults_exports_with_the_same_overrides():
    old_defaults = load_defaults_file(DATA / "compute-old.json")
    new_defaults = load_defaults_file(DATA / "compute-new.json")
    overrides = DATA / "compute-overrides.yaml"
    old = load_state(overrides, defaults=[old_defaults], settings={"enforce_new_defaults": "false"})
    new = load_state(overrides, defaults=[new_defaults])
    diff = compute_diff(old, new, standard_personas())
    changed = {e.action: e for e in diff.changed}
    assert set(changed) == {"compute:hosts:list", "compute:servers:create", "compute:servers:index"}
    hosts = changed["compute:hosts:list"]
    assert {(c.persona, c.kind) for c in hosts.changes} == {("system-admin", "loss"), ("project-admin", "gain")}
    # the operator's override of the old name is carried over to the renamed action: nothing changes there
    renamed = next(e for e in diff.actions if e.action == "compute:keypairs:remove")
    assert renamed.status == "renamed" and renamed.old_name == "compute:keypairs:delete" and not renamed.changes
    create = changed["compute:servers:create"]
    assert {c.persona for c in create.changes} == {"project-reader", "service", "project-no-role"}
    assert all(c.kind == "loss" and c.relation == "own" for c in create.changes)
    # every reported change is what oslo decides with the same files and flags
    with fresh_dir() as old_dir, fresh_dir() as new_dir:
        import yaml

        rules = yaml.safe_load(overrides.read_text())
        old_enforcer = oslo_enforcer(old_dir, rules, list(old_defaults.rules.values()), False)
        new_enforcer = oslo_enforcer(new_dir, rules, list(new_defaults.rules.values()), True)
        personas = {p.name: p for p in standard_personas()}
        for entry in diff.changed:
            for change in entry.changes:
                creds = personas[change.persona].creds
                was = oslo_outcome(old_enforcer, entry.old_name or entry.action,
                                   build_target(old.policy, entry.old_name or entry.action, creds, change.relation),
                                   creds)
                now = oslo_outcome(new_enforcer, entry.action,
                                   build_target(new.policy, entry.action, creds, change.relation), creds)
                assert (was, now) == (change.before == "allow", change.after == "allow")
