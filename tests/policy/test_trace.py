"""Tracing the one evaluator: ``Policy.trace`` decides as ``enforce`` and oslo.policy do, and
its events describe that decision node by node (``explain`` and a coverage-style tracer)."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from eval_oracle import oslo_decide
from policykit import EvaluationError, Policy, parse_rule
from policykit.policy import ast
from policykit.policy.explain import Step, explain
from policykit.policy.trace import Request, Tracer
from test_differential import NAMES, creds_dicts, default_rules, rule_sets, rule_values, targets

IN_CI = bool(os.environ.get("CI"))
EXAMPLES = settings(max_examples=2_000 if IN_CI else 150, deadline=None)


def outcome(call):
    try:
        return call()
    except EvaluationError as exc:
        return f"raises:{exc.oslo_exception}".replace("RecursionError", "TypeError")


class Events(Tracer):
    """Records every event, checking that enter/leave/fail nest."""

    def __init__(self):
        self.events: list[tuple] = []
        self.open: list[ast.Check] = []

    def begin(self, request):
        self.events.append(("begin", request))

    def enter(self, check):
        self.events.append(("enter", check))
        self.open.append(check)

    def reference(self, check, key, fell_back):
        assert self.open and self.open[-1] is check
        self.events.append(("reference", check, key, fell_back))

    def leave(self, check, result):
        assert self.open.pop() is check
        assert type(result) is bool
        self.events.append(("leave", check, result))

    def fail(self, check, error):
        assert self.open.pop() is check
        assert isinstance(error, EvaluationError)
        self.events.append(("fail", check, error))


def check_steps(policy, step: Step, target, creds):
    """Every evaluated step gives what the fast path gives for that node alone."""
    if step.skipped:
        return
    expected = outcome(lambda: policy.enforce(step.check, target, creds))
    if step.error is not None:
        assert expected == f"raises:{step.error.oslo_exception}".replace("RecursionError", "TypeError"), str(step.check)
    else:
        assert expected == step.result, str(step.check)
    for child in step.children:
        check_steps(policy, child, target, creds)


@EXAMPLES
@given(rule=rule_values, rules=rule_sets, default_rule=default_rules, creds=creds_dicts, target=targets)
def test_a_traced_check_decides_like_enforce_and_oslo_and_explain_agrees_node_by_node(
        rule, rules, default_rule, creds, target):
    policy = Policy.from_dict(rules, default_rule)
    check = parse_rule(rule)
    events = Events()
    traced = outcome(lambda: policy.trace(check, target, creds, events))
    assert traced == outcome(lambda: policy.enforce(check, target, creds))
    assert traced == oslo_decide(rule, target, creds, rules, default_rule)
    if not str(traced).startswith("raises:TypeError"):  # a too-deep evaluation stops without closing
        assert events.open == []
    explanation = explain(policy, check, target, creds)
    if explanation.root is not None:
        check_steps(policy, explanation.root, target, creds)


@EXAMPLES
@given(name=st.sampled_from(NAMES + ["missing"]), rules=rule_sets, default_rule=default_rules,
       creds=creds_dicts, target=targets)
def test_a_traced_name_decides_like_enforce_and_oslo(name, rules, default_rule, creds, target):
    policy = Policy.from_dict(rules, default_rule)
    events = Events()
    traced = outcome(lambda: policy.trace(name, target, creds, events))
    assert traced == outcome(lambda: policy.enforce(name, target, creds))
    assert traced == oslo_decide(name, target, creds, rules, default_rule, by_name=True)
    request = events.events[0][1]
    assert isinstance(request, Request) and request.rule == name
    if request.key is not None:
        assert request.fell_back == (name not in rules)


class Coverage(Tracer):
    """A coverage-style tracer: for each rule evaluated, each leaf's result."""

    def __init__(self):
        self.rules: list = []  # the rule being evaluated, innermost last
        self.leaves: set[tuple] = set()

    def begin(self, request):
        self.rules = [request.key]

    def reference(self, check, key, fell_back):
        self.rules.append(key)

    def leave(self, check, result):
        if isinstance(check, ast.RuleCheck):
            self.rules.pop()
        if isinstance(check, ast.LeafCheck):
            self.leaves.add((self.rules[-1], str(check), result))

    def fail(self, check, error):
        if isinstance(check, ast.RuleCheck):
            self.rules.pop()


COVERED = {"a": "rule:b or role:x", "b": "role:y and rule:nope", "default": "role:z or role:w"}


def test_coverage_sees_leaves_reached_through_rule_references_and_the_default_rule():
    policy = Policy.from_dict(COVERED)
    creds = {"roles": ["y", "w"]}
    coverage = Coverage()
    assert policy.trace("a", {}, creds, coverage) is True
    assert oslo_decide("a", {}, creds, COVERED, "default", by_name=True) is True
    # rule:nope is undefined: the default rule stands in and its leaves are covered under it;
    # role:x is never reached (the or stopped at rule:b).
    assert coverage.leaves == {
        ("a", "rule:b", True), ("b", "role:y", True), ("b", "rule:nope", True),
        ("default", "role:z", False), ("default", "role:w", True),
    }
    for rule, leaf, result in coverage.leaves:  # each leaf alone, decided by oslo
        assert oslo_decide(leaf, {}, creds, COVERED, "default") is result


def test_coverage_sees_the_default_rule_deciding_an_undefined_name():
    policy = Policy.from_dict(COVERED)
    coverage = Coverage()
    assert policy.trace("no:such:name", {}, {"roles": ["z"]}, coverage) is True
    assert coverage.leaves == {("default", "role:z", True)}


def test_a_cycle_is_traced_up_to_the_reentry_and_raises_as_enforce_does():
    rules = {"a": "rule:b", "b": "role:x or rule:a"}
    policy = Policy.from_dict(rules)
    events = Events()
    try:
        policy.trace("a", {}, {"roles": []}, events)
    except EvaluationError as exc:
        assert "rule:a → rule:b → rule:a" in str(exc)
    else:
        raise AssertionError("a reference cycle must raise")
    assert oslo_decide("a", {}, {"roles": []}, rules, by_name=True) == "raises:TypeError"
    failed = [event[1] for event in events.events if event[0] == "fail"]
    assert [str(check) for check in failed] == ["rule:a", "(role:x or rule:a)", "rule:b"]


def test_scope_denial_is_reported_before_anything_is_evaluated():
    from policykit.policy.defaults import RegisteredDefault

    policy = Policy.from_dict({}, registered=[RegisteredDefault("sys", "role:admin", scope_types=("system",))])
    events = Events()
    assert policy.trace("sys", {}, {"roles": ["admin"], "project_id": "p"}, events) is False
    assert [event[0] for event in events.events] == ["begin"]
    request = events.events[0][1]
    assert (request.outcome, request.token_scope, request.scope_types) == ("scope-denied", "project", ("system",))


def test_the_base_tracer_ignores_every_event_and_tracing_leaves_enforce_untouched():
    policy = Policy.from_dict(COVERED)
    before = policy.enforce("a", {}, {"roles": ["x"]})
    assert policy.trace("a", {}, {"roles": ["x"]}, Tracer()) is before is True
    assert policy.enforce("a", {}, {"roles": ["x"]}) is True
