"""Symbolic answers on generated rule pairs, judged by oslo.policy.

* ``new-access``: oslo's Enforcer allows the witness under NEW and not under OLD (and
  the reverse for a loss witness).
* ``same``: many random requests, built from the very values the rules mention (plus
  None, lists, wrong types, missing keys), find no request NEW allows and OLD does not.
* a semantics-preserving rewrite (De Morgan, double negation, role-name case) is proved
  equivalent whenever every construct in it can be encoded.

With the environment variable CI set, more examples run.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

pytest.importorskip("z3")

from symbolic_oracle import OsloPolicy  # noqa: E402

from policykit import Policy  # noqa: E402
from policykit.analysis.symbolic import compare  # noqa: E402
from policykit.policy.defaults import RegisteredDefault  # noqa: E402

IN_CI = bool(os.environ.get("CI"))
SETTINGS = settings(max_examples=400 if IN_CI else 60, deadline=None, suppress_health_check=list(HealthCheck))
ACTION = "act"
SAMPLES = 150

LEAVES = [
    "role:a", "role:A", "role:b", "role:admin", "@", "!", "project_id:%(project_id)s", "user_id:%(user_id)s",
    "project_id:p1", "system_scope:all", "system:all", "'x':%(k)s", "True:%(flag)s", "None:%(project_id)s",
    "rule:r1", "rule:r2", "rule:missing", "is_admin:True", "not:x", "service_roles:svc", "domain_id:%(domain_id)s",
    "domain_id:None", "tenant_id:%(tenant_id)s", "user_id:%(owner)s", "role:%%", "roles:a",
    "token.user.id:%(user_id)s", "token.user.id:u1", "token.domain.id:d1", "token.roles.name:a",
    "role:İ", "'é':%(k)s", "user_id:a\\u{41}",
]
leaves = st.sampled_from(LEAVES)
rules = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(" + " and ".join(parts) + ")"),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(" + " or ".join(parts) + ")"),
        inner.map(lambda part: "not " + part),
    ),
    max_leaves=6,
)
scopes = st.one_of(st.none(), st.sampled_from([("system",), ("project",), ("domain", "project"), ("system", "project")]))
named = st.fixed_dictionaries({"r1": rules, "r2": rules}, optional={"default": rules})

VALUES = [None, True, False, 0, "", "é", "a\\u{41}", "p1", "P1", "all", "True", "None", "svc", "x", "a", "u1", ["svc"], [], ["a", "p1"],
          {"a": 1}]
ROLES = [None, [], ["a"], ["İ"], ["i̇"], ["A", "b"], ["admin"], ["B", "x"], "ab", ["a", 1], ("a",)]
TOKENS = [None, "x", {"user": {"id": "u1"}}, {"user": [{"id": "u1"}, "x"]}, {"user": ["x", {"id": "u1"}]},
          {"domain": {"id": "d1"}, "user": {"id": ["u1", "u2"]}}, [{"roles": [{"name": "a"}]}], {"roles": []},
          {"roles": [{"name": "a"}, {"name": "b"}, 3]}, {"domain": {}}, [{"domain": {"id": "d1"}}, {"user": None}]]
CREDS_KEYS = ["project_id", "user_id", "system_scope", "system", "domain_id", "is_admin", "service_roles",
              "tenant_id", "k"]
TARGET_KEYS = ["project_id", "user_id", "k", "flag", "domain_id", "tenant_id", "owner"]
TARGET_VALUES = ["é", "p1", "P1", "x", "True", "None", None, True, 1, "u1", "all", "a"]


def random_request(rng: random.Random) -> tuple[dict, dict]:
    creds = {k: rng.choice(VALUES) for k in CREDS_KEYS if rng.random() < 0.5}
    if rng.random() < 0.85:
        creds["roles"] = rng.choice(ROLES)
    if rng.random() < 0.6:
        creds["token"] = rng.choice(TOKENS)
    target = {k: rng.choice(TARGET_VALUES) for k in TARGET_KEYS if rng.random() < 0.6}
    return creds, target


def build(rule: str, extra: dict, scope):
    rules_dict = {ACTION: rule, **extra}
    registered = [RegisteredDefault(ACTION, rule, scope_types=scope)] if scope else ()
    return Policy.from_dict(rules_dict, registered=registered), OsloPolicy(rules_dict, {ACTION: scope} if scope else None)


def judge(verdict, old_oslo, new_oslo, rng):
    event(f"gains {verdict.status}, losses {verdict.losses}")
    if verdict.status == "new-access":
        w = verdict.witness
        assert new_oslo.allows(ACTION, w.creds, w.target), (w, new_oslo.decide(ACTION, w.creds, w.target))
        assert not old_oslo.allows(ACTION, w.creds, w.target), w
    elif verdict.status == "same":
        for _ in range(SAMPLES):
            creds, target = random_request(rng)
            assert not (new_oslo.allows(ACTION, creds, target) and not old_oslo.allows(ACTION, creds, target)), \
                (creds, target)
    else:  # unknown: only for a construct the encoding names, never a witness that fails to replay
        assert verdict.reason and "does not replay" not in verdict.reason, verdict.reason
        assert "does not replay" not in (verdict.loss_reason or ""), verdict.loss_reason
    if verdict.losses == "new-access":
        w = verdict.loss_witness
        assert old_oslo.allows(ACTION, w.creds, w.target) and not new_oslo.allows(ACTION, w.creds, w.target), w


@SETTINGS
@given(old=rules, new=rules, extra=named, old_scope=scopes, new_scope=scopes, rng=st.randoms(use_true_random=False))
def test_independent_pairs_agree_with_oslo(old, new, extra, old_scope, new_scope, rng):
    old_policy, old_oslo = build(old, extra, old_scope)
    new_policy, new_oslo = build(new, extra, new_scope)
    judge(compare(old_policy, new_policy, ACTION), old_oslo, new_oslo, rng)


def mutate(rule: str, rng: random.Random) -> str:
    """A small edit: one leaf replaced, or an or-branch added, or a not removed."""
    choice = rng.random()
    if choice < 0.4:
        return f"({rule} or {rng.choice(LEAVES)})"
    if choice < 0.7:
        return f"({rule} and {rng.choice(LEAVES)})"
    leaf = next((leaf for leaf in LEAVES if leaf in rule), None)
    return rule.replace(leaf, rng.choice(LEAVES), 1) if leaf else "not " + rule


@SETTINGS
@given(old=rules, extra=named, scope=scopes, rng=st.randoms(use_true_random=False))
def test_small_edits_agree_with_oslo(old, extra, scope, rng):
    new = mutate(old, rng)
    old_policy, old_oslo = build(old, extra, scope)
    new_policy, new_oslo = build(new, extra, scope)
    judge(compare(old_policy, new_policy, ACTION), old_oslo, new_oslo, rng)


# --- rewrites that keep the meaning ------------------------------------------------------------

ENCODABLE = [leaf for leaf in LEAVES if leaf not in ("roles:a", "token.roles.name:a")]


def rewrite(tree) -> str:
    """Render a generated tree with meaning-preserving changes: De Morgan on every not-of-and/or,
    double negation on leaves, role names upper-cased."""
    kind = tree[0]
    if kind == "leaf":
        leaf = tree[1]
        text = "role:" + leaf[5:].upper() if leaf.startswith("role:") else leaf
        return f"not not {text}" if len(text) % 2 else text
    if kind == "not" and tree[1][0] in ("and", "or"):
        flipped = "or" if tree[1][0] == "and" else "and"
        return "(" + f" {flipped} ".join("not " + rewrite(child) for child in tree[1][1]) + ")"
    if kind == "not":
        return "not " + rewrite(tree[1])
    return "(" + f" {kind} ".join(rewrite(child) for child in tree[1]) + ")"


def render(tree) -> str:
    kind = tree[0]
    if kind == "leaf":
        return tree[1]
    if kind == "not":
        return "not " + render(tree[1])
    return "(" + f" {kind} ".join(render(child) for child in tree[1]) + ")"


trees = st.recursive(
    st.sampled_from(ENCODABLE).map(lambda leaf: ("leaf", leaf)),
    lambda inner: st.one_of(
        st.tuples(st.sampled_from(["and", "or"]), st.lists(inner, min_size=2, max_size=3)),
        inner.map(lambda t: ("not", t)),
    ),
    max_leaves=6,
)


@SETTINGS
@given(tree=trees, extra=named, scope=scopes)
def test_rewrites_are_proved_equivalent(tree, extra, scope):
    extra = {k: v for k, v in extra.items() if "roles:a" not in v and "token.roles.name" not in v}
    old_policy, _ = build(render(tree), extra, scope)
    new_policy, _ = build(rewrite(tree), extra, scope)
    verdict = compare(old_policy, new_policy, ACTION)
    assert verdict.equivalent, (render(tree), rewrite(tree), verdict)


@SETTINGS
@given(rule=rules, extra=named, scope=scopes, rng=st.randoms(use_true_random=False))
def test_renamed_helper_rules_are_the_same_and_oslo_agrees(rule, extra, scope, rng):
    """Swapping the names of the helper rules r1/r2 everywhere changes no decision (cycles
    included); the comparison of effective trees must say so without a witness."""
    def swap(text: str) -> str:
        return text.replace("rule:r1", "rule:@@").replace("rule:r2", "rule:r1").replace("rule:@@", "rule:r2")

    swapped = {("r2" if k == "r1" else "r1" if k == "r2" else k): swap(v) for k, v in extra.items()}
    old_policy, old_oslo = build(rule, extra, scope)
    new_policy, new_oslo = build(swap(rule), swapped, scope)
    verdict = compare(old_policy, new_policy, ACTION)
    assert verdict.equivalent, verdict
    for _ in range(40):
        creds, target = random_request(rng)
        assert old_oslo.decide(ACTION, creds, target) == new_oslo.decide(ACTION, creds, target)
