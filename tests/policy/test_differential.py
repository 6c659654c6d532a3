"""Differential test: policykit's decisions against oslo.policy's Enforcer on generated inputs.

Rules (text and list syntax, well-formed and not), named-rule sets (with cycles, missing
names, every kind of default rule), creds (roles in every odd shape, nested dicts,
lists, None, scope keys) and targets (missing keys, format specs, non-mappings) are
generated; both implementations must give the same decision or raise the same exception
class. With the environment variable CI set the main test runs 20,000 examples.
"""

from __future__ import annotations

import collections
import copy
import os

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from eval_oracle import oslo_decide, oslo_registered_decide, policykit_decide
from policykit import EvaluationError, Policy, parse_rule
from policykit.policy.defaults import RegisteredDefault

IN_CI = bool(os.environ.get("CI"))
settings.register_profile("eval-differential-ci", max_examples=20_000, deadline=None,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("eval-differential-local", max_examples=300, deadline=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = settings.get_profile("eval-differential-ci" if IN_CI else "eval-differential-local")
SMALL = settings(PROFILE, max_examples=2_000 if IN_CI else 100)

NAMES = ["a", "b", "c", "default", "admin", "os:get", ""]
ROLE_NAMES = ["admin", "Admin", "ADMIN", "member", "reader", "", "a", "(a", "100%", "ß", "SS"]

role_matches = st.sampled_from(ROLE_NAMES + ["%(role)s", "%(missing)s", "100%%", "%(role)s%%", "%s"])
kinds = st.sampled_from([
    "project_id", "user.id", "x", "x.y", "roles", "roles.name", "True", "'Member'", "\"Member\"", "1", "01",
    "not", "", "None", "is_admin", "system", "domain_id", "a..b", "0x10", "[1]", "{}", "1e3", "os-roles",
    "not role", "ROLE", "{[1]:1}", "'\\d'", "-1", "user",
])
generic_matches = st.sampled_from([
    "%(project_id)s", "%(x)s", "p1", "True", "None", "%(a)d", "%s", "a%b", "admin", "", "1", "%(missing)s",
    "%(target.project.id)s", "%(a)05d", "%(a)r", "u1", "[1]", "{}", "1000.0", "16", "Member", "%(a", "100%",
    "%(role)s", "1.0", "-1",
])
leaves = st.one_of(
    role_matches.map(lambda m: "role:" + m),
    st.builds(lambda k, m: f"{k}:{m}", kinds, generic_matches),
    st.sampled_from(NAMES + ["missing", "Admin"]).map(lambda n: "rule:" + n),
    st.sampled_from(["@", "!", "foo", "not(role:admin)", "\"role:admin\"", "role:a)"]),
)


def _join(op):
    return lambda parts: f" {op} ".join(parts)


text_rules = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(_join("and")),
        st.lists(inner, min_size=2, max_size=3).map(_join("or")),
        inner.map(lambda r: "not " + r),
        inner.map(lambda r: f"({r})"),
    ),
    max_leaves=8,
)
token_soup = st.lists(
    st.one_of(leaves, st.sampled_from(["(", ")", "and", "or", "not", "AND", "Or", "NOT"])), max_size=8
).map(" ".join)
list_rules = st.lists(st.one_of(leaves, st.lists(st.one_of(leaves, st.just("")), max_size=3)), max_size=3)
rule_values = st.one_of(text_rules, text_rules, token_soup, list_rules, st.just(""), st.just(" "))

scalars = st.sampled_from(["p1", "P1", None, 5, 3.7, "q", True, "True", "admin", "Admin", "u1", 1.0, "", "{'a': 1}"])
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["id", "y", "name", "x"]), inner, max_size=2)),
    max_leaves=5,
)
roles = st.one_of(
    st.lists(st.sampled_from(ROLE_NAMES), max_size=3),
    st.sampled_from(["admin", "a", None, {"admin": 1}, ["admin", 5], ("member",), []]),
)
creds_dicts = st.fixed_dictionaries({}, optional={
    "roles": roles,
    "project_id": st.sampled_from(["p1", "P1", None, 5]),
    "user": st.one_of(st.sampled_from(["u1", None]), st.fixed_dictionaries({"id": st.sampled_from(["u1", "u2", None])}),
                      st.lists(st.fixed_dictionaries({"id": st.sampled_from(["u1", "u2"])}), max_size=2)),
    "user.id": st.just("u1"),
    "x": values,
    "system_scope": st.sampled_from(["all", "", None]),
    "system": st.sampled_from(["all", ""]),
    "domain_id": st.sampled_from(["d1", None]),
    "is_admin": st.sampled_from([True, "True", 1, False]),
    "not role": st.just("admin"),
    "os-roles": st.just("x"),
})


def mostly(common, rare, one_in: int = 20):
    """``common``, except one draw in ``one_in`` from ``rare``."""
    # a middle value: hypothesis favours the bounds of a range
    return st.integers(0, one_in - 1).flatmap(lambda pick: rare if pick == one_in // 2 else common)


creds_values = mostly(creds_dicts, st.sampled_from([None, [], "admin"]))
targets = mostly(
    st.dictionaries(st.sampled_from(["project_id", "x", "role", "a", "target.project.id", "enabled"]), values,
                    max_size=4),
    st.one_of(st.sampled_from([None, [], ()]),
              # a mapping that is not a dict, and never raises KeyError: missing keys are "p1"
              st.dictionaries(st.sampled_from(["project_id", "x", "a"]), values, max_size=2).map(
                  lambda found: collections.defaultdict(lambda: "p1", found))),
)
rule_sets = st.dictionaries(st.sampled_from(NAMES), rule_values, max_size=5)
default_rules = st.sampled_from(["default", "default", "", None, "a", "missing_default"])


def agree(rule, target, creds, rules, default_rule, by_name):
    before = copy.deepcopy(creds)
    ours = policykit_decide(rule, target, creds, rules, default_rule, by_name)
    assert creds == before, "policykit modified the caller's creds"
    theirs = oslo_decide(rule, target, creds, rules, default_rule, by_name)
    assert ours == theirs, f"rule={rule!r} rules={rules!r} default={default_rule!r} creds={before!r} target={target!r}"
    event(f"outcome {ours}")
    return ours


@settings(PROFILE)
@given(rule=rule_values, rules=rule_sets, default_rule=default_rules, creds=creds_values, target=targets)
def test_check_objects_decide_like_oslo(rule, rules, default_rule, creds, target):
    agree(rule, target, creds, rules, default_rule, by_name=False)


@settings(SMALL)
@given(name=st.sampled_from(NAMES + ["missing", "role:admin"]), rules=rule_sets, default_rule=default_rules,
       creds=creds_values, target=targets)
def test_names_decide_like_oslo(name, rules, default_rule, creds, target):
    agree(name, target, creds, rules, default_rule, by_name=True)


@settings(SMALL)
@given(rule=rule_values, rules=rule_sets, default_rule=default_rules, creds=creds_dicts, target=targets)
def test_explain_reaches_the_same_decision(rule, rules, default_rule, creds, target):
    policy = Policy.from_dict(rules, default_rule)
    check = parse_rule(rule)
    try:
        decided = policy.enforce(check, target, creds)
    except EvaluationError as exc:
        decided = exc.oslo_exception
    explanation = policy.explain(check, target, creds)
    explained = explanation.decision if explanation.error is None else explanation.error.oslo_exception
    assert explained == decided
    assert explanation.render()


scope_lists = st.one_of(st.none(), st.lists(st.sampled_from(["system", "domain", "project"]), min_size=1,
                                             max_size=3, unique=True).map(tuple))
registered_defaults = st.builds(
    lambda name, check, scope, deprecated: RegisteredDefault(
        name=name, check_str=check, scope_types=scope,
        deprecated_name=deprecated[0] if deprecated else None,
        deprecated_check_str=deprecated[1] if deprecated else None),
    st.sampled_from(["foo:create", "foo:get", "a"]),
    st.sampled_from(["role:new", "role:admin", "", "rule:a", "role:old or role:member"]),
    scope_lists,
    st.one_of(st.none(), st.tuples(st.sampled_from(["foo:old_name", "foo:create", "b"]),
                                   st.sampled_from(["role:old", "role:new", "", "rule:foo:create"]))),
)
file_rule_sets = st.dictionaries(
    st.sampled_from(["foo:create", "foo:old_name", "a", "b", "default"]),
    st.sampled_from(["role:custom", "role:old", "rule:foo:create", "role:admin", "", "!", "rule:b"]), max_size=3)
scoped_creds = st.fixed_dictionaries({"roles": st.lists(st.sampled_from(
    ["admin", "new", "old", "custom", "member"]), max_size=3)}, optional={
    "project_id": st.just("p1"), "domain_id": st.sampled_from(["d1", None, ""]),
    "system_scope": st.sampled_from(["all", None, ""]), "system": st.sampled_from(["all", ""])})


@settings(SMALL, max_examples=600 if IN_CI else 40)
@given(defaults=st.lists(registered_defaults, max_size=3, unique_by=lambda d: d.name), file_rules=file_rule_sets,
       new_defaults=st.booleans(), name=st.sampled_from(["foo:create", "foo:get", "foo:old_name", "a", "b", "zz"]),
       creds=scoped_creds)
def test_registered_defaults_and_scope_like_a_service(defaults, file_rules, new_defaults, name, creds):
    before = copy.deepcopy(creds)
    policy = Policy.from_dict(file_rules, registered=defaults, enforce_new_defaults=new_defaults)
    try:
        ours = policy.enforce(name, {}, creds)
    except EvaluationError as exc:
        ours = f"raises:{exc.oslo_exception}".replace("RecursionError", "TypeError")
    assert creds == before
    theirs = oslo_registered_decide(name, {}, creds, file_rules, defaults, new_defaults)
    assert ours == theirs, f"{name=} {file_rules=} {defaults=} {new_defaults=} {creds=}"
    event(f"outcome {ours}")
