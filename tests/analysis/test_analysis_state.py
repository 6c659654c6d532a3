"""A policy state decides as oslo.policy's Enforcer configured with the same files and flags."""

from __future__ import annotations

import json
import os
import warnings

import pytest
from hypothesis import given, settings, strategies as st
from oslo_config import cfg
from oslo_policy import policy as oslo_policy

from analysis_oracle import fresh_dir, oslo_enforcer, oslo_outcome, policykit_outcome
from policykit.analysis.state import load_state, parse_settings
from policykit.errors import InputError
from policykit.policy.defaults import DefaultsSet, RegisteredDefault

CHECKS = ["role:admin", "role:member", "role:reader and project_id:%(project_id)s", "@", "!",
          "role:admin or role:member", "rule:helper", "not role:reader"]
ROLES = ["admin", "member", "reader", "other"]
SCOPES = [None, ("project",), ("system",), ("domain", "project"), ("system", "project")]
CREDS = [
    {"roles": ["member"], "project_id": "p1", "user_id": "u"},
    {"roles": ["admin"], "system_scope": "all", "user_id": "u"},
    {"roles": ["reader"], "domain_id": "d1", "user_id": "u"},
    {"roles": ["reader", "member"], "project_id": "p2"},
    {"roles": []},
]
TARGETS = [{"project_id": "p1"}, {"project_id": "p2"}, {}]


@st.composite
def registered_sets(draw):
    names = draw(st.lists(st.sampled_from(["a:create", "a:get", "a:delete", "b:list"]), min_size=1, max_size=4,
                          unique=True))
    rules = []
    for name in names:
        deprecated = draw(st.sampled_from([None, "same", "renamed"]))
        old_name = {None: None, "same": name, "renamed": "old:" + name}[deprecated]
        rules.append(RegisteredDefault(
            name=name, check_str=draw(st.sampled_from(CHECKS)),
            scope_types=draw(st.sampled_from(SCOPES)), deprecated_name=old_name,
            deprecated_check_str=draw(st.sampled_from(CHECKS)) if old_name else None))
    return rules


def _defaults(rules) -> DefaultsSet:
    return DefaultsSet(("test",), "entry point test", {r.name: r for r in rules})


@settings(max_examples=40, deadline=None)
@given(rules=registered_sets(), file_pick=st.lists(st.tuples(st.integers(0, 7), st.sampled_from(CHECKS)), max_size=4),
       enforce_new=st.booleans(), overlay=st.sampled_from([None, "role:other", "@"]))
def test_decisions_equal_a_configured_oslo_enforcer(rules, file_pick, enforce_new, overlay):
    names = [r.name for r in rules] + [r.deprecated_name for r in rules if r.deprecated_name] + ["helper", "default"]
    file_rules = {names[i % len(names)]: check for i, check in file_pick}
    overlays = {"50-extra.yaml": {rules[0].name: overlay}} if overlay else None
    with fresh_dir() as tmp:
        enforcer = oslo_enforcer(tmp, file_rules, rules, enforce_new, overlays)
        state = load_state(os.path.join(tmp, "policy.yaml"), policy_dirs=[os.path.join(tmp, "policy.d")] if overlays
                           else [], defaults=[_defaults(rules)],
                           settings={"enforce_new_defaults": str(enforce_new).lower()})
        for name in names + ["not:registered"]:
            for creds in CREDS:
                for target in TARGETS:
                    expected = oslo_outcome(enforcer, name, target, creds)
                    assert policykit_outcome(state.policy, name, target, creds) == expected, (name, creds, target)


RENAMED = RegisteredDefault(name="foo:create", check_str="role:new", scope_types=("project",),
                            deprecated_name="foo:old_name", deprecated_check_str="role:old")


def _conf_enforcer(tmp: str, conf_text: str):
    conf_path = os.path.join(tmp, "svc.conf")
    with open(conf_path, "w", encoding="utf-8") as handle:
        handle.write(conf_text)
    conf = cfg.ConfigOpts()
    conf(["--config-file", conf_path], project="policykit-analysis-tests")
    enforcer = oslo_policy.Enforcer(conf, policy_file=os.path.join(tmp, "policy.yaml"))
    enforcer.register_default(oslo_policy.RuleDefault(
        RENAMED.name, RENAMED.check_str, scope_types=["project"],
        deprecated_rule=oslo_policy.DeprecatedRule(RENAMED.deprecated_name, RENAMED.deprecated_check_str,
                                                   deprecated_reason="r", deprecated_since="X")))
    return conf_path, enforcer


@pytest.mark.parametrize("conf_text, enforce_new", [
    ("[oslo_policy]\nenforce_new_defaults = false\n", False),
    ("[oslo_policy]\nenforce_new_defaults = False\nenforce_scope = false\n", False),
    ("[oslo_policy]\nenforce_scope = False\n", True),
    ("[DEFAULT]\ndebug = true\n", True),
])
def test_flags_are_read_from_the_service_conf_as_oslo_reads_them(conf_text, enforce_new):
    with fresh_dir() as tmp:
        with open(os.path.join(tmp, "policy.yaml"), "w") as handle:
            json.dump({}, handle)
        conf_path, enforcer = _conf_enforcer(tmp, conf_text)
        state = load_state(os.path.join(tmp, "policy.yaml"), defaults=[_defaults([RENAMED])], config=conf_path)
        assert state.enforce_new_defaults is enforce_new
        for creds in ({"roles": ["old"], "project_id": "p"}, {"roles": ["new"], "project_id": "p"},
                      {"roles": ["new"], "system_scope": "all"}, {"roles": ["old"], "domain_id": "d"}):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected = enforcer.enforce("foo:create", {}, dict(creds))
            assert state.policy.enforce("foo:create", {}, creds) is expected, creds
        # enforce_scope = false changes nothing oslo decides: it is only a warning here
        assert any("enforce_scope" in w for w in state.warnings) == ("enforce_scope" in conf_text)


def test_set_overrides_the_conf_and_says_where_each_value_came_from():
    with fresh_dir() as tmp:
        conf_path, _ = _conf_enforcer(tmp, "[oslo_policy]\nenforce_new_defaults = false\n")
        state = load_state(None, defaults=[_defaults([RENAMED])], config=conf_path,
                           settings=parse_settings(["enforce_new_defaults=true"]))
        assert state.enforce_new_defaults is True and state.settings_from["enforce_new_defaults"] == "--set"
        assert str(state.policy.rules["foo:create"]) == "role:new"


@pytest.mark.parametrize("pairs, message", [
    (["enforce_new_default=false"], "did you mean enforce_new_defaults"),
    (["enforce_new_defaults"], "expected KEY=VALUE"),
])
def test_bad_settings_are_one_clear_error(pairs, message):
    with pytest.raises(InputError, match=message):
        parse_settings(pairs)


def test_a_value_that_is_not_a_boolean_is_rejected():
    with pytest.raises(InputError, match="not a boolean"):
        load_state(None, settings={"enforce_new_defaults": "maybe"})


def test_unreadable_defaults_are_input_errors(tmp_path):
    bad = tmp_path / "defaults.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="not JSON"):
        load_state(None, defaults=[str(bad)])
    with pytest.raises(InputError, match="no such defaults file"):
        load_state(None, defaults=[str(tmp_path / "missing.json")])


def test_origins_point_at_the_deciding_definition(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text('"default": "role:admin"\n"foo:old_name": "role:custom"\n"b": "role:x"\n')
    state = load_state(policy, defaults=[_defaults([RENAMED])])
    carried = state.origin("foo:create")
    assert (carried.source, carried.text, carried.via, carried.location.line) == (
        "carried-over", "role:custom", "foo:old_name", 2)
    assert state.origin("b").location.line == 3 and state.origin("b").source == "file"
    fallback = state.origin("nobody:knows")
    assert (fallback.source, fallback.via, fallback.text, fallback.location.line) == (
        "default-rule", "default", "role:admin", 1)
    assert state.actions() == ["foo:create", "b"]  # the old name only carries its value over
