"""Every evaluation vector of the oslo.policy conformance file.

Each expected value was produced by oslo.policy 6.0.1 (Enforcer with the vector's rules,
``enforce(parse_rule(rule), target, creds)``). The two runaway-recursion vectors expect
``raises:TypeError``; policykit detects the cycle and raises EvaluationError naming
TypeError.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from policykit import EvaluationError, Policy, parse_rule

VECTORS = Path(__file__).parent / "data" / "oslo-vectors.json"

if not VECTORS.exists():  # pragma: no cover - the data file is part of the repository
    pytest.skip(f"{VECTORS} is missing", allow_module_level=True)

EVAL_VECTORS = [v for v in json.loads(VECTORS.read_text(encoding="utf-8")) if v["kind"] == "eval"]


def _id(vector) -> str:
    return f"{vector['rule']!r}:{vector.get('note', '')}"


def decide(policy: Policy, rule, target, creds):
    try:
        return policy.enforce(rule, target, creds)
    except EvaluationError as exc:
        return f"raises:{exc.oslo_exception}"


def test_the_vector_file_has_every_evaluation_vector():
    assert len(EVAL_VECTORS) >= 98


@pytest.mark.parametrize("vector", EVAL_VECTORS, ids=_id)
def test_enforce_matches_oslo(vector):
    policy = Policy.from_dict(vector.get("rules") or {})
    creds = copy.deepcopy(vector["creds"])
    assert decide(policy, parse_rule(vector["rule"]), vector["target"], creds) == vector["expected"]
    assert creds == vector["creds"], "the caller's creds were modified"


@pytest.mark.parametrize("vector", EVAL_VECTORS, ids=_id)
def test_explain_matches_oslo(vector):
    policy = Policy.from_dict(vector.get("rules") or {})
    explanation = policy.explain(parse_rule(vector["rule"]), vector["target"], vector["creds"])
    got = explanation.decision if explanation.error is None else f"raises:{explanation.error.oslo_exception}"
    assert got == vector["expected"]
    assert explanation.render()


@pytest.mark.parametrize("vector", [v for v in EVAL_VECTORS if v.get("rules")], ids=_id)
def test_enforcing_by_name_matches_oslo(vector):
    """The same vectors with the rule stored under a name and enforced by that name."""
    rules = dict(vector["rules"])
    name = "vector:under:test"
    rules[name] = vector["rule"]
    policy = Policy.from_dict(rules)
    assert decide(policy, name, vector["target"], copy.deepcopy(vector["creds"])) == vector["expected"]
