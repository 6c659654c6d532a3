"""Generated policies and personas: every decision the runner makes is oslo.policy's, and a
case whose expectation oslo contradicts fails at its own line."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.analysis.personas import standard_personas
from policykit.testing.runner import run_file
from policytest_oracle import oslo_decision, oslo_enforcer

NAMES = ["r0", "r1", "r2", "r3"]
LEAVES = st.sampled_from([
    "role:admin", "role:member", "role:reader", "role:service", "@", "!",
    "project_id:%(project_id)s", "user_id:%(user_id)s", "domain_id:%(domain_id)s",
    "system_scope:all", "'p':%(project_id)s", "rule:r0", "rule:r1", "rule:missing",
])


def _rule(depth: int):
    if depth == 0:
        return LEAVES
    sub = _rule(depth - 1)
    return st.one_of(
        LEAVES,
        st.tuples(st.sampled_from([" and ", " or "]), st.lists(sub, min_size=2, max_size=3)).map(
            lambda pair: "(" + pair[0].join(pair[1]) + ")"),
        sub.map(lambda text: f"not {text}"),
    )


POLICIES = st.fixed_dictionaries({name: _rule(2) for name in NAMES}).map(
    lambda rules: {**rules, "r0": rules["r0"].replace("rule:r0", "@").replace("rule:r1", "!"),
                   "r1": rules["r1"].replace("rule:r1", "@")})
PERSONAS = [p for p in standard_personas()]
RELATIONS = ["own", "other-project", "other-domain"]


@settings(max_examples=40, deadline=None)
@given(POLICIES, st.lists(st.tuples(st.sampled_from(PERSONAS), st.sampled_from(NAMES), st.sampled_from(RELATIONS),
                                    st.booleans()), min_size=1, max_size=12))
def test_runner_decisions_are_oslos_and_contradicted_cases_fail_at_their_line(rules, cases):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        policy = root / "policy.yaml"
        policy.write_text("".join(f"{json.dumps(k)}: {json.dumps(v)}\n" for k, v in rules.items()))
        lines = ["state: {policy: policy.yaml}\npersonas: standard\ncases:\n"]
        for persona, action, relation, expect_allow in cases:
            lines.append(f"  - {{persona: {persona.name}, target: {relation}, action: {action}, "
                         f"expect: {'allow' if expect_allow else 'deny'}}}\n")
        path = root / "g_policytest.yaml"
        path.write_text("".join(lines))
        outcome = run_file(path)
        assert outcome.error is None, outcome.error
        enforcer = oslo_enforcer(policy)
        assert len(outcome.results) == len(cases)
        for index, result in enumerate(outcome.results):
            oslo = oslo_decision(enforcer, result.action, result.target, result.creds)
            assert result.decision == oslo, (rules, result.title, result.target)
            assert result.case.location.line == 4 + index
            assert result.passed is (result.case.expect == oslo)
