"""``diff:`` assertions — "this change grants nothing new" — on ``policykit.analysis.diff``.

The file's state is the old side; ``against`` (the same state with some keys replaced:
new defaults, a flag flipped, an edited file) is the new side. The assertion holds when
no persona (all of them, or the ones named) gains access to any action (all, or the
globs named) on any target. A decision that turns into an evaluation error also fails
it: an error is not a "no".
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from policykit.errors import InputError
from policykit.testing.model import DiffSpec
from policykit.suggest import suggest


@dataclass
class DiffResult:
    spec: DiffSpec
    changes: list[tuple[str, object]] = field(default_factory=list)  # (action, analysis.diff.Change) that fail
    compared: int = 0  # actions compared

    @property
    def passed(self) -> bool:
        return not self.changes

    @property
    def title(self) -> str:
        return self.spec.name or f"diff at line {self.spec.location.line}: grants nothing new"

    def summary(self) -> str:
        if self.passed:
            return f"{self.compared} actions compared: nothing new is granted"
        gains = sum(1 for _, change in self.changes if change.kind == "gain")
        errors = len(self.changes) - gains
        return f"{gains} new grant{'s' if gains != 1 else ''}" + (f", {errors} new error(s)" if errors else "")

    def text(self) -> str:
        head = f"{'ok  ' if self.passed else 'FAIL'} {self.spec.location}: {self.title}: {self.summary()}"
        rows = [head]
        for action, change in self.changes:
            rows.append(f"    {change.persona} {action} on {change.relation}: {change.before} → {change.after}"
                        f"   now because {change.branch_after}")
        return "\n".join(rows)

    def to_dict(self) -> dict:
        return {"location": str(self.spec.location), "line": self.spec.location.line, "name": self.spec.name,
                "passed": self.passed, "compared": self.compared,
                "changes": [{"action": action, **change.to_dict()} for action, change in self.changes]}


def _personas(spec: DiffSpec, test_file, state):
    from policykit.analysis.personas import personas_for, standard_personas

    every = personas_for(test_file.personas, state.deployment)
    if not spec.personas:
        return every
    known = {p.name: p for p in standard_personas()}
    known.update({p.name: p for p in every})
    chosen = []
    for name in spec.personas:
        if name not in known:

            close = suggest(name, list(known))
            raise InputError(f"unknown persona {name!r} in the diff", spec.location,
                             hint=f"did you mean {close!r}?" if close else f"known: {', '.join(known)}")
        chosen.append(known[name])
    return chosen


def _actions(spec: DiffSpec, old, new) -> list[str] | None:
    if spec.actions == ("*",):
        return None
    every = list(dict.fromkeys(old.actions(include_helpers=True) + new.actions(include_helpers=True)))
    chosen: dict[str, None] = {}
    for pattern in spec.actions:
        hits = fnmatch.filter(every, pattern)
        if not hits:
            raise InputError(f"action {pattern!r} of the diff matches no policy name of either state", spec.location)
        chosen.update(dict.fromkeys(hits))
    return list(chosen)


def run_diff(spec: DiffSpec, state, test_file) -> DiffResult:
    from policykit.analysis.diff import compute_diff
    from policykit.testing.state import load_state

    against = load_state(spec.against, test_file.personas)
    personas = _personas(spec, test_file, state)
    actions = _actions(spec, state.analysis, against.analysis)
    diff = compute_diff(state.analysis, against.analysis, personas, actions)
    result = DiffResult(spec, compared=len(diff.actions))
    for entry in diff.actions:
        for change in entry.changes:
            if change.kind in ("gain", "error"):
                result.changes.append((entry.action, change))
    return result
