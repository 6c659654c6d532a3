"""Run the cases of test files on the compiled evaluator; keep what a report needs.

Every name is checked before anything is decided: an unknown persona, an action the
state does not define, a glob that matches nothing is an ``InputError`` at the case's
file:line:col (the file is unusable, exit 2). Decisions go through ``Policy.enforce``;
only a failing case (and, under coverage, every case) is explained, through
``policykit.policy.explain``, which walks the same tree.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykit.errors import EvaluationError, InputError
from policykit.testing.loader import load_test_file
from policykit.testing.model import Case, TestFile
from policykit.testing.state import LoadedState, load_state
from policykit.suggest import suggest


@dataclass
class CaseResult:
    case: Case
    action: str  # the policy name decided (a glob case yields one result per name)
    who: str
    target_label: str  # the relation, or "explicit"
    target: dict
    creds: dict
    decision: str  # "allow" | "deny" | "error"
    error: str | None = None
    explanation: Any = None  # an Explanation, for failures (and every case under coverage)

    @property
    def passed(self) -> bool:
        return self.decision == self.case.expect

    @property
    def title(self) -> str:
        return f"{self.who} {self.action} on {self.target_label}: expect {self.case.expect}"

    def to_dict(self) -> dict:
        data = {
            "location": str(self.case.location), "line": self.case.location.line, "name": self.case.name,
            "who": self.who, "action": self.action, "pattern": self.case.action if self.case.is_glob else None,
            "target": self.target_label, "target_keys": self.target, "expect": self.case.expect,
            "decision": self.decision, "passed": self.passed, "error": self.error,
        }
        if not self.passed and self.explanation is not None:
            data["explanation"] = self.explanation.to_dict()
        return data


@dataclass
class FileResult:
    path: Path
    results: list[CaseResult] = field(default_factory=list)
    error: InputError | None = None  # the file could not be used
    state: LoadedState | None = None
    test_file: TestFile | None = None
    diffs: list = field(default_factory=list)  # DiffResult, see policykit.testing.diffs

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.passed) + sum(1 for d in self.diffs if d.passed)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if not r.passed) + sum(1 for d in self.diffs if not d.passed)


@dataclass
class Prepared:
    case: Case
    action: str
    who: str
    creds: dict
    target_label: str
    target: dict


def _creds(state: LoadedState, case: Case) -> dict:
    """The creds the service's context hands oslo.policy (keystone's token, nova's is_admin)."""
    who = case.who
    if who.kind == "persona":
        creds = state.persona_creds(who.value, who.location)
    elif who.kind == "token":
        from policykit.policy.credentials import creds_from_token

        from policykit.services.requests import with_token_body

        creds = with_token_body(state.analysis.profile, creds_from_token(who.value, str(who.location)), who.value)
    else:
        creds = who.value
    return dict(state.analysis.request_creds(creds))


def _actions(state: LoadedState, case: Case, names: list[str], known: set) -> list[str]:
    if case.is_glob:
        matched = fnmatch.filter(names, case.action)
        if not matched:
            raise InputError(f"action pattern {case.action!r} matches no policy name of the state",
                             case.action_location, hint=_names_hint(case.action, names))
        return matched
    if case.action not in known:
        raise InputError(f"unknown action {case.action!r}: the state defines no such policy name",
                         case.action_location, hint=_names_hint(case.action, names))
    return [case.action]


def _names_hint(action: str, names: list[str]) -> str:
    close = suggest(action.replace("*", ""), names)
    return f"did you mean {close!r}?" if close else "list the names with `policykit matrix` or check the state"


def prepare(test_file: TestFile, state: LoadedState) -> list[Prepared]:
    """Every case resolved to names, creds and targets (raises InputError on the first bad one)."""
    names = state.names
    known = set(state.policy.rules)
    creds_cache: dict[tuple, dict] = {}
    prepared = []
    for case in test_file.cases:
        key = (case.who.kind, case.who.value if case.who.kind == "persona" else id(case.who))
        creds = creds_cache.get(key)
        if creds is None:
            creds = creds_cache[key] = _creds(state, case)
        for action in _actions(state, case, names, known):
            if isinstance(case.target, str):
                target = state.target(action, creds, case.target, case.location)
                label = case.target
            else:
                target, label = case.target, "explicit target"
            prepared.append(Prepared(case, action, case.who.label, creds, label, target))
    return prepared


def decide(policy, item: Prepared, explain: bool) -> CaseResult:
    result = CaseResult(item.case, item.action, item.who, item.target_label, item.target, item.creds, "deny")
    if explain:
        explanation = policy.explain(item.action, item.target, item.creds)
        result.explanation = explanation
        if explanation.error is not None:
            result.decision, result.error = "error", str(explanation.error)
        else:
            result.decision = "allow" if explanation.decision else "deny"
        return result
    try:
        result.decision = "allow" if policy.enforce(item.action, item.target, item.creds) else "deny"
    except EvaluationError as exc:
        result.decision, result.error = "error", str(exc)
    if not result.passed:
        result.explanation = policy.explain(item.action, item.target, item.creds)
    return result


def run_file(path: Path, *, coverage=None) -> FileResult:
    outcome = FileResult(Path(path))
    try:
        test_file = load_test_file(path)
        state = load_state(test_file.state, test_file.personas)
        prepared = prepare(test_file, state)
        diffs = _run_diffs(test_file, state)
    except InputError as exc:
        outcome.error = exc
        return outcome
    outcome.test_file, outcome.state, outcome.diffs = test_file, state, diffs
    policy = state.policy
    explain = coverage is not None
    for item in prepared:
        result = decide(policy, item, explain)
        outcome.results.append(result)
        if coverage is not None:
            coverage.record(state, result.explanation)
    return outcome


def _run_diffs(test_file: TestFile, state: LoadedState) -> list:
    if not test_file.diffs:
        return []
    from policykit.testing.diffs import run_diff

    return [run_diff(spec, state, test_file) for spec in test_file.diffs]


def run(paths: list[Path], *, coverage=None) -> list[FileResult]:
    return [run_file(path, coverage=coverage) for path in paths]
