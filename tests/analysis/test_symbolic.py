"""Symbolic mode, construct by construct: each answer is checked against oslo.policy.

A ``new-access`` witness must be allowed by oslo's Enforcer under NEW and not under OLD;
a ``same`` answer is checked on hand-picked requests that would expose the usual
mistakes (case, None == None, missing keys, lists, scope); ``unknown`` must name the
construct.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("z3")

from symbolic_oracle import OsloPolicy  # noqa: E402

from policykit import Policy  # noqa: E402
from policykit.analysis.symbolic import can_anyone, compare  # noqa: E402
from policykit.policy.defaults import RegisteredDefault  # noqa: E402

ACTION = "act"


def policies(rule: str, extra: dict | None = None, scope: tuple | None = None):
    rules = {ACTION: rule, **(extra or {})}
    registered = [RegisteredDefault(ACTION, rule, scope_types=scope)] if scope else ()
    return Policy.from_dict(rules, registered=registered), OsloPolicy(rules, {ACTION: scope} if scope else None)


def assert_gain_confirmed(old_rule, new_rule, extra=None, scope_old=None, scope_new=None):
    old, old_oslo = policies(old_rule, extra, scope_old)
    new, new_oslo = policies(new_rule, extra, scope_new)
    verdict = compare(old, new, ACTION)
    assert verdict.status == "new-access", verdict
    w = verdict.witness
    assert new_oslo.allows(ACTION, w.creds, w.target), (w, new_oslo.decide(ACTION, w.creds, w.target))
    assert not old_oslo.allows(ACTION, w.creds, w.target)
    return verdict


def assert_same(old_rule, new_rule, extra=None, both_ways=True):
    old, _ = policies(old_rule, extra)
    new, _ = policies(new_rule, extra)
    verdict = compare(old, new, ACTION)
    assert verdict.status == "same", verdict
    if both_ways:
        assert verdict.equivalent, verdict
    return verdict


# --- equivalences that must be proved ---------------------------------------------------------


@pytest.mark.parametrize("old, new", [
    ("role:a or role:b", "role:b or role:A"),
    ("not (role:a and role:b)", "not role:a or not role:b"),
    ("not (role:a or project_id:%(project_id)s)", "not role:a and not project_id:%(project_id)s"),
    ("not not role:admin", "role:ADMIN"),
    ("role:a and (role:b or role:c)", "(role:a and role:b) or (role:a and role:c)"),
    ("@", ""),
    ("role:x and !", "!"),
    ("True:%(enabled)s", "'True':%(enabled)s"),
    ("0x10:%(n)s", "16:%(n)s"),
    ("rule:missing", "rule:default"),
])
def test_equivalent_rewrites_are_proved(old, new):
    assert_same(old, new, {"default": "role:admin"})


def test_reordering_or_is_not_equivalent_when_a_branch_can_raise():
    # `not:x` raises SyntaxError whenever it is reached; put first, it hides `role:a`.
    verdict = assert_gain_confirmed("not:x or role:a", "role:a or not:x")
    assert verdict.witness.creds["roles"] == ["a"]


# --- gains that must be found, with a witness oslo confirms -----------------------------------


def test_a_difference_no_persona_exercises_is_found():
    verdict = assert_gain_confirmed("role:admin", "role:admin or user_id:4f1c-service-account-7")
    assert verdict.witness.creds["user_id"] == "4f1c-service-account-7"
    assert "--user-id=4f1c-service-account-7" in verdict.witness.commands["new"]


def test_role_checks_are_case_insensitive_generic_checks_are_not():
    assert_same("role:Admin", "role:admin")
    assert_gain_confirmed("roles:admin", "roles:admin or roles:Admin")


def test_none_matches_none_through_substitution():
    verdict = assert_gain_confirmed("role:admin", "role:admin or project_id:%(project_id)s")
    assert verdict.losses == "same"


def test_missing_target_key_is_false_not_error():
    assert_same("role:a", "role:a or project_id:%(nowhere)s and !")
    assert_gain_confirmed("!", "user_id:%(owner)s")


def test_list_valued_creds_are_searched():
    verdict = assert_gain_confirmed("service_roles:service and role:x", "service_roles:service")
    assert isinstance(verdict.witness.creds.get("service_roles"), list) or verdict.witness.creds.get("service_roles")


def test_dotted_creds_paths_are_walked_through_lists_and_fail_on_non_mappings():
    verdict = assert_gain_confirmed("role:admin", "role:admin or token.domain.id:%(target.domain.id)s")
    assert verdict.witness.creds["token"]
    # OLD reaches a non-mapping on a path only when nothing matched before it
    verdict = assert_gain_confirmed("token.project.domain.id:d1 or role:a", "role:a")
    assert verdict.witness.decisions["old"].startswith("error")
    # so swapping two checks on one path is a change: {"token": {"user": [{"id": "v"}, "x"]}}
    assert_gain_confirmed("token.user.id:u or token.user.id:v", "token.user.id:v or token.user.id:u")
    assert_same("token.user.id:u and (token.user.id:u or role:a)", "token.user.id:u")


def test_literal_kinds_compare_the_target_only():
    assert_gain_confirmed("'public':%(visibility)s", "'public':%(visibility)s or 'shared':%(visibility)s")
    assert_same("None:%(x)s", "'None':%(x)s")


def test_invalid_kind_raises_and_raising_is_not_allowing():
    old, _ = policies("01:1 or role:a")
    verdict = can_anyone(old, ACTION)
    assert verdict.status == "same"  # 01 raises SyntaxError before role:a is reached
    assert_gain_confirmed("01:1 or role:a", "role:a")


def test_roles_that_are_not_a_list_raise():
    # NEW allows user u; OLD reads roles first, so only roles oslo raises on (null) make it deny.
    verdict = assert_gain_confirmed("role:a or user_id:u", "user_id:u")
    assert verdict.witness.creds["roles"] is None
    assert verdict.witness.decisions["old"].startswith("error")


def test_default_rule_fallback_and_cycles():
    assert_same("rule:nowhere", "role:admin", {"default": "role:admin"})
    cyclic = {"b": "role:x or rule:" + ACTION}
    policy, oslo = policies("rule:b", cyclic)
    verdict = can_anyone(policy, ACTION)
    assert verdict.status == "new-access" and oslo.allows(ACTION, verdict.witness.creds, verdict.witness.target)
    # without role x the cycle raises: never allowed
    assert_gain_confirmed("rule:b", "role:y", cyclic)


def test_cycles_unrolled_differently_are_the_same_and_oslo_agrees():
    old, old_oslo = policies("role:x or rule:" + ACTION)
    new, new_oslo = policies("role:x or rule:b", {"b": "role:x or rule:" + ACTION})
    verdict = compare(old, new, ACTION)
    assert verdict.equivalent
    for creds in ({"roles": ["x"]}, {"roles": []}, {}):
        assert old_oslo.decide(ACTION, creds, {}) == new_oslo.decide(ACTION, creds, {})
    # one more level that can allow is a real difference
    new, new_oslo = policies("role:x or rule:b", {"b": "role:y or rule:" + ACTION})
    verdict = compare(old, new, ACTION)
    assert verdict.status == "new-access" and new_oslo.allows(ACTION, verdict.witness.creds, verdict.witness.target)


def test_scope_types_gate_the_rule():
    verdict = assert_gain_confirmed("role:admin", "role:admin", scope_old=("system",), scope_new=("system", "project"))
    assert verdict.witness.creds.get("system_scope") in (None, "")
    verdict = assert_gain_confirmed("role:admin", "role:admin", scope_old=("project",), scope_new=("system",))
    assert verdict.witness.creds["system_scope"] == "all"


def test_system_scope_is_copied_into_system():
    assert_same("system:all", "system_scope:all or system:all", both_ways=False)


def test_can_anyone():
    assert can_anyone(policies("role:a and not role:A")[0], ACTION).status == "same"
    assert can_anyone(policies("!")[0], ACTION).status == "same"
    verdict = can_anyone(policies("is_admin:True and project_id:%(project_id)s")[0], ACTION)
    assert verdict.status == "new-access"
    assert policies("is_admin:True and project_id:%(project_id)s")[1].allows(
        ACTION, verdict.witness.creds, verdict.witness.target)


@pytest.mark.parametrize("rule, construct", [
    ("http://example.com/check", "remote server"),
    ("token.project:x and token.project.id:%(project_id)s", "overlap"),
    ("token:x and token.project.id:%(project_id)s", "dotted path"),
    ("role:%(role)s", "role name taken from the target"),
    ("project_id:%(project_id)d", "%-formatting"),
    ("role:admin or roles:admin", "role checks and generic checks"),
])
def test_unencodable_constructs_are_unknown_with_the_reason(rule, construct):
    verdict = compare(policies("role:admin")[0], policies(rule)[0], ACTION)
    assert verdict.status == "unknown" and construct in verdict.reason


def test_an_unchanged_remote_check_is_the_same_only_under_the_same_name():
    rules = {ACTION: "role:admin or http://authz.example.com/%(project_id)s", "old:name": "role:x"}
    old, new = Policy.from_dict(rules), Policy.from_dict(rules)
    assert compare(old, new, ACTION).equivalent
    renamed = Policy.from_dict({"old:name": rules[ACTION]})
    verdict = compare(renamed, new, ACTION, old_action="old:name")
    assert verdict.status == "unknown" and "remote server" in verdict.reason


def test_custom_check_kinds_are_unknown():
    policy = policies("field:networks:shared=True")[0]
    policy.checks = {"field": lambda kind, match, text: (lambda target, creds: True)}
    verdict = can_anyone(policy, ACTION)
    assert verdict.status == "unknown" and "field:" in verdict.reason


def test_witness_command_line_replays(tmp_path):
    new_file = tmp_path / "new.yaml"
    new_file.write_text('"act": "role:admin or (tenant_id:%(tenant_id)s and is_admin:True)"\n')
    old = Policy.from_dict({ACTION: "role:admin"})
    new = Policy.from_dict({ACTION: "role:admin or (tenant_id:%(tenant_id)s and is_admin:True)"})
    verdict = compare(old, new, ACTION, new_eval_args=[str(new_file)])
    assert verdict.status == "new-access"
    command = verdict.witness.commands["new"]
    assert "--creds witness-creds.json" in command  # tenant_id/is_admin are not eval flags
    done = subprocess.run(["bash", "-c", command.replace("policykit eval", f"{sys.executable} -m policykit.cli eval")],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip().startswith("allow"), (command, done.stdout, done.stderr)


def test_missing_z3_is_one_clear_error(monkeypatch):
    from policykit.analysis import symbolic
    from policykit.errors import InputError

    monkeypatch.setitem(sys.modules, "z3", None)
    with pytest.raises(InputError, match="z3-solver"):
        symbolic.require_z3()


def test_readable_renaming_keeps_distinct_values_distinct():
    from policykit.analysis.symbolic import _prettified

    creds, target = _prettified({"a": "-", "b": "\x00", "c": ["-", "?"]}, {"t": "?", "u": "ok"}, {"v1", "v2"})
    assert creds["a"] == creds["c"][0] and target["t"] == creds["c"][1] and target["u"] == "ok"
    assert len({creds["a"], creds["b"], creds["c"][1], "v1", "v2"}) == 5


@pytest.mark.filterwarnings("ignore:invalid escape sequence")  # oslo's literal_eval of 'back\slash'
@pytest.mark.parametrize("text", ["é", "İ", "\x00", "a\\u{41}", "back\\slash", "\ud800", "ß"])
def test_any_character_is_compared_exactly_and_the_witness_command_replays(tmp_path, text):
    import json

    rules = {ACTION: f"role:{text} or user_id:{text}x or '{text}':%(k)s"}
    (tmp_path / "p.json").write_text(json.dumps(rules))
    policy, oslo = Policy.from_dict(rules), OsloPolicy(rules)
    verdict = compare(Policy.from_dict({ACTION: "!"}), policy, ACTION, new_eval_args=["p.json"])
    assert verdict.status == "new-access", verdict
    assert oslo.allows(ACTION, verdict.witness.creds, verdict.witness.target)
    command = verdict.witness.commands["new"].replace("policykit eval", f"{sys.executable} -m policykit.cli eval")
    done = subprocess.run(["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        # policykit's readers refuse a lone surrogate with its position (it is no character),
        # so the command line cannot carry this witness: a clear error, never a wrong answer.
        assert done.returncode == 2 and "lone surrogate" in done.stderr, (command, done.stdout, done.stderr)
        return
    assert done.stdout.startswith("allow"), (command, done.stdout, done.stderr)


def test_characters_beyond_the_solvers_range_are_unknown():
    verdict = can_anyone(Policy.from_dict({ACTION: "role:\U0010ffff"}), ACTION)
    assert verdict.status == "unknown" and "U+2FFFF" in verdict.reason
