"""Rules are compiled when first decided: loading stays as permissive as oslo's ``Rules.load``,
and deciding a rule raises exactly where oslo's ``enforce`` raises, the first time and after."""

from __future__ import annotations

import json
import random
import threading

import pytest
from oslo_policy import policy as oslo_policy

from eval_oracle import oslo_decide
from policykit import EvaluationError, InputError, Policy, load_policy

TROUBLE = {
    "cycle_a": "rule:cycle_b",
    "cycle_b": "role:x or rule:cycle_a",
    "reaches_cycle": "role:y and rule:cycle_a",
    "literal_raises": "01:x",
    "remote": "http://example.invalid/%(missing)s",
    "remote_under_reference": "rule:remote or role:y",
    "bad_format": "project_id:%(p)d",
    "fine": "role:y",
    "falls_back": "rule:undefined",
    "default": "role:z",
}
CREDS = {"roles": ["y"]}
TARGET = {"p": "not a number"}


def ours(policy, name, creds=CREDS):
    try:
        return policy.enforce(name, dict(TARGET), dict(creds))
    except EvaluationError as exc:
        return f"raises:{exc.oslo_exception}".replace("RecursionError", "TypeError")


def test_a_file_with_rules_oslo_cannot_decide_still_loads_as_it_does_for_oslo(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(TROUBLE), encoding="utf-8")
    oslo_policy.Rules.load(path.read_text(), "default")  # oslo loads it
    policy = load_policy(path)  # so does policykit: nothing is evaluated or compiled at load
    for name in TROUBLE:
        expected = oslo_decide(name, dict(TARGET), dict(CREDS), TROUBLE, by_name=True)
        assert ours(policy, name) == expected, name
        assert ours(policy, name) == expected, name  # the second decision (compiled now) agrees too


def test_a_cycle_raises_naming_it_only_when_a_rule_on_it_is_decided():
    policy = Policy.from_dict(TROUBLE)
    assert policy.enforce("fine", {}, CREDS) is True
    with pytest.raises(EvaluationError, match="rule:cycle_a → rule:cycle_b → rule:cycle_a") as raised:
        policy.enforce("reaches_cycle", {}, CREDS)
    assert raised.value.oslo_exception == "TypeError"
    assert oslo_decide("reaches_cycle", {}, CREDS, TROUBLE, by_name=True) == "raises:TypeError"
    assert policy.enforce("fine", {}, CREDS) is True  # the failed decision left nothing behind
    with pytest.raises(EvaluationError, match="rule:cycle_b → rule:cycle_a → rule:cycle_b"):
        policy.enforce("cycle_b", {}, {"roles": []})


def test_a_file_oslo_cannot_load_still_fails_at_load(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text('{"a": "role:x", "b": 5}', encoding="utf-8")
    with pytest.raises(TypeError):
        oslo_policy.Rules.load(path.read_text(), "default")
    with pytest.raises(InputError):
        load_policy(path)


def test_a_service_check_is_built_when_a_rule_using_it_is_first_decided():
    built = []

    def factory(kind, match, text):
        built.append(text)
        return lambda target, creds: creds.get(kind) == match

    policy = Policy.from_dict({"a": "rule:b and owner:me", "b": "owner:you or role:y", "c": "owner:them"},
                              checks={"owner": factory})
    assert built == []
    assert policy.enforce("a", {}, {"roles": ["y"], "owner": "me"}) is True
    assert sorted(built) == ["owner:me", "owner:you"]  # a and the rule it references; not c
    assert policy.enforce("a", {}, {"roles": ["y"], "owner": "me"}) is True
    assert sorted(built) == ["owner:me", "owner:you"]  # built once


def test_threads_deciding_for_the_first_time_at_once_agree_with_one_thread():
    rules = {f"r{i}": f"role:x{i} or rule:r{(i * 7 + 3) % 60}" for i in range(60)}  # cycles; x5 ends one
    rules.update({f"s{i}": f"role:y{i} and rule:s{i + 1}" for i in range(40)})
    rules["s40"] = "role:y40"
    names = sorted(rules)
    creds = {"roles": [f"y{i}" for i in range(0, 41)] + ["x5"]}
    expected = {name: ours(Policy.from_dict(rules), name, creds) for name in names}
    for _ in range(5):
        policy = Policy.from_dict(rules)
        results: dict = {}
        failures: list = []

        def decide(seed):
            order = list(names)
            random.Random(seed).shuffle(order)
            try:
                for name in order:
                    results.setdefault(name, set()).add(ours(policy, name, creds))
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

        threads = [threading.Thread(target=decide, args=(seed,)) for seed in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        assert results == {name: {outcome} for name, outcome in expected.items()}
