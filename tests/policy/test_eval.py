"""Policy API behaviour a caller notices: names vs checks, default rule, creds handling, errors."""

from __future__ import annotations

import types

import pytest
from oslo_context.context import RequestContext

from eval_oracle import oslo_decide
from policykit import EvaluationError, Policy, load_policy, parse_rule
from policykit.policy import ast


def test_a_rule_string_is_a_name_never_parsed():
    policy = Policy.from_dict({"default": "!", "role:admin": "@"})
    assert policy.enforce("role:admin", {}, {"roles": []}) is True  # the rule *named* role:admin
    assert Policy.from_dict({"default": "!"}).enforce("role:admin", {}, {"roles": ["admin"]}) is False


def test_unknown_names_and_references_fall_back_to_the_default_rule():
    policy = Policy.from_dict({"default": "role:admin", "get": "rule:typo"})
    assert policy.enforce("nothing:here", {}, {"roles": ["admin"]}) is True
    assert policy.enforce("get", {}, {"roles": ["admin"]}) is True
    assert policy.enforce("get", {}, {"roles": ["member"]}) is False
    assert policy.resolve("nothing:here") == ("default", True)
    assert policy.resolve("get") == ("get", False)


@pytest.mark.parametrize("default_rule", [None, "", "not-defined"])
def test_without_a_usable_default_rule_unknown_names_are_denied(default_rule):
    policy = Policy.from_dict({"open": "@", "ref": "rule:missing or @"}, default_rule=default_rule)
    assert policy.enforce("missing", {}, {}) is False
    assert policy.enforce("ref", {}, {}) is True
    assert policy.resolve("missing") == (None, False)


def test_a_default_rule_given_as_a_check_stands_in_for_undefined_references():
    policy = Policy.from_dict({"get": "rule:undefined"}, default_rule=parse_rule("role:admin"))
    assert policy.enforce("get", {}, {"roles": ["admin"]}) is True
    assert policy.enforce("get", {}, {"roles": ["member"]}) is False


def test_an_empty_policy_denies_everything_even_a_true_default():
    assert Policy.from_dict({}).enforce("anything", {}, {}) is False
    assert Policy.from_dict({}, default_rule=parse_rule("@")).enforce("anything", {}, {}) is False


def test_system_scope_is_visible_as_system_without_touching_the_callers_creds():
    policy = Policy.from_dict({"sys": "system:all"})
    creds = {"system_scope": "all", "roles": []}
    assert policy.enforce("sys", {}, creds) is True
    assert creds == {"system_scope": "all", "roles": []}


class _AttrDefaultCreds(dict):
    def __missing__(self, key):
        return "p1"


def test_mapping_creds_keep_their_own_lookup_semantics():
    creds = _AttrDefaultCreds(system_scope="all")
    rule = "project_id:p1 and system:all"
    assert Policy.from_dict({}).enforce(parse_rule(rule), {}, creds) is True
    assert oslo_decide(rule, {}, _AttrDefaultCreds(system_scope="all")) is True
    assert "system" not in creds


def test_request_context_creds_are_accepted():
    context = RequestContext(roles=["Admin"], project_id="p1")
    assert Policy.from_dict({"r": "role:admin and project_id:p1"}).enforce("r", {}, context) is True


@pytest.mark.parametrize("creds", [None, ["admin"], "admin", types.MappingProxyType({"roles": ["admin"]})])
def test_creds_that_are_not_a_mutable_mapping_raise_like_oslo(creds):
    with pytest.raises(EvaluationError) as info:
        Policy.from_dict({"r": "@"}).enforce("r", {}, creds)
    assert info.value.oslo_exception == "InvalidContextObject"
    assert oslo_decide("@", {}, creds) == "raises:InvalidContextObject"


@pytest.mark.parametrize("rule, creds, oslo_class", [
    ("01:x", {}, "SyntaxError"),
    ("role:100%", {"roles": ["x"]}, "ValueError"),
    ("x:%(a)d", {"x": "1"}, "TypeError"),
    ("user.id:u1", {"user": "u1"}, "TypeError"),
    ("role:admin", {"roles": None}, "TypeError"),
    ("role:admin", {"roles": ["admin", 5]}, "AttributeError"),
])
def test_inputs_on_which_oslo_raises_give_an_evaluation_error_that_names_it(rule, creds, oslo_class):
    with pytest.raises(EvaluationError) as info:
        Policy.from_dict({}).enforce(parse_rule(rule), {"a": "q"}, creds)
    assert info.value.oslo_exception == oslo_class
    assert rule.split(":")[0] in str(info.value)
    assert oslo_decide(rule, {"a": "q"}, creds) == f"raises:{oslo_class}"


def test_a_reference_cycle_is_an_evaluation_error_naming_the_cycle():
    policy = Policy.from_dict({"a": "rule:b", "b": "role:x and rule:c", "c": "rule:a"})
    with pytest.raises(EvaluationError) as info:
        policy.enforce("a", {}, {"roles": ["x"]})
    assert info.value.oslo_exception == "TypeError"
    assert "rule:a → rule:b → rule:c → rule:a" in str(info.value)
    # the short-circuit that keeps oslo out of the loop keeps policykit out too
    assert policy.enforce("a", {}, {"roles": []}) is False


def test_a_default_rule_pointing_at_an_undefined_rule_is_a_cycle():
    policy = Policy.from_dict({"default": "rule:also_missing", "ok": "@"})
    assert policy.enforce("ok", {}, {}) is True
    with pytest.raises(EvaluationError, match="cycle"):
        policy.enforce("missing", {}, {})


def test_long_reference_chains_never_surface_a_recursion_error():
    rules = {f"r{i}": f"rule:r{i + 1}" for i in range(5000)}
    rules["r5000"] = "@"
    assert Policy.from_dict(rules).enforce("r0", {}, {}) is True
    with pytest.raises(EvaluationError) as info:
        Policy.from_dict(dict(rules, r5000="rule:r0")).enforce("r0", {}, {})
    assert info.value.oslo_exception in ("TypeError", "RecursionError")  # oslo raises one or the other


def test_deeply_nested_rules_raise_an_evaluation_error_not_a_recursion_error():
    check = ast.TrueCheck()
    for _ in range(3000):
        check = ast.NotCheck(check)
    policy = Policy.from_dict({"deep": "@"})
    with pytest.raises(EvaluationError):
        policy.enforce(check, {}, {})
    assert policy.explain(check, {}, {}).error is not None


def test_http_checks_do_not_touch_the_network_unless_enabled():
    policy = Policy.from_dict({"remote": "http://127.0.0.1:9/check/%(id)s"})
    with pytest.raises(EvaluationError, match="does not contact remote servers") as info:
        policy.enforce("remote", {"id": "1"}, {})
    assert "http://127.0.0.1:9/check/1" in str(info.value)


def test_an_http_url_with_a_missing_target_key_raises_keyerror_but_is_false_under_a_reference():
    policy = Policy.from_dict({"remote": "http://h/%(missing)s", "outer": "rule:remote"})
    with pytest.raises(EvaluationError) as info:
        policy.enforce("remote", {}, {})
    assert info.value.oslo_exception == "KeyError"
    assert policy.enforce("outer", {}, {}) is False
    assert oslo_decide("rule:remote", {}, {}, {"remote": "http://h/%(missing)s"}) is False
    assert oslo_decide("http://h/%(missing)s", {}, {}) == "raises:KeyError"


def test_load_policy_reads_files_and_overlays(tmp_path):
    (tmp_path / "policy.yaml").write_text('admin: "role:admin"\nget: "rule:admin"\n')
    overlay = tmp_path / "policy.d"
    overlay.mkdir()
    (overlay / "10-open.yaml").write_text('get: "@"\n')
    assert load_policy(tmp_path / "policy.yaml").enforce("get", {}, {"roles": []}) is False
    assert load_policy(tmp_path / "policy.yaml", policy_dirs=[overlay]).enforce("get", {}, {"roles": []}) is True


def test_a_check_object_is_compiled_once_and_reused():
    policy = Policy.from_dict({})
    check = parse_rule("role:a or role:b")
    assert policy.compiled(check) is policy.compiled(check)
    assert policy.enforce(check, {}, {"roles": ["B"]}) is True
