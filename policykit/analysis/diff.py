"""Diff two policy states: per action, which persona classes gain or lose access, where.

Both states are decided through the compiled engine for the same personas (grouped
into classes over *both* policies, so a class is never split by one side only) and the
same three targets. A **gain** is a (persona class, relation) the new state allows and
the old one denies — new access, the security question; a **loss** is the reverse —
breakage. A cell that evaluates with an error on either side (and differs) is an
**error** change: neither a gain nor a loss can be claimed for it.

``rule_changed`` lists every action whose effective rule, scope types or fallback
differs, whether or not a persona notices: the symbolic mode checks those over all
requests and records its verdicts with ``attach_symbolic``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from policykit.analysis import targets as targets_mod
from policykit.analysis.matrix import decide_cell, deciding_branch, resource_of
from policykit.analysis.personas import PersonaClass, persona_classes
from policykit.analysis.state import PolicyState, RuleOrigin

GAIN, LOSS, ERROR = "gain", "loss", "error"
DIFF_FORMAT = "policykit-diff/1"
FAIL_ON = ("gains", "losses", "any", "none")


def _word(value: bool | None) -> str:
    return "error" if value is None else "allow" if value else "deny"


@dataclass
class Change:
    persona: str  # the class's label
    personas: int  # how many personas the class stands for
    relation: str
    kind: str  # gain | loss | error
    before: str  # allow | deny | error
    after: str
    branch_before: str = ""
    branch_after: str = ""

    def to_dict(self) -> dict:
        return {"persona": self.persona, "personas": self.personas, "relation": self.relation, "kind": self.kind,
                "before": self.before, "after": self.after, "branch_before": self.branch_before,
                "branch_after": self.branch_after}


@dataclass
class ActionDiff:
    action: str
    resource: str
    status: str  # same | changed | added | removed | renamed (the name is on one side only, or was renamed)
    old: RuleOrigin
    new: RuleOrigin
    old_scope: tuple[str, ...] | None
    new_scope: tuple[str, ...] | None
    changes: list[Change] = field(default_factory=list)
    symbolic: dict | None = None
    old_name: str | None = None  # renamed: the name OLD enforced for the same API


    @property
    def rule_changed(self) -> bool:
        fell_back = (self.old.source == "default-rule", self.new.source == "default-rule")
        return self.old.text != self.new.text or self.old_scope != self.new_scope or fell_back[0] != fell_back[1]

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def to_dict(self) -> dict:
        data = {"action": self.action, "old_action": self.old_name or self.action, "resource": self.resource,
                "status": self.status,
                "rule_changed": self.rule_changed, "old": self.old.to_dict(), "new": self.new.to_dict(),
                "old_scope_types": list(self.old_scope) if self.old_scope else None,
                "new_scope_types": list(self.new_scope) if self.new_scope else None,
                "gains": self.count(GAIN), "losses": self.count(LOSS), "errors": self.count(ERROR),
                "changes": [c.to_dict() for c in self.changes]}
        if self.symbolic is not None:
            data["symbolic"] = self.symbolic
        return data


@dataclass
class Diff:
    old: PolicyState
    new: PolicyState
    columns: list[PersonaClass]
    actions: list[ActionDiff]
    personas: int = 0

    def total(self, kind: str) -> int:
        return sum(a.count(kind) for a in self.actions)

    @property
    def changed(self) -> list[ActionDiff]:
        return [a for a in self.actions if a.changes or a.rule_changed or _symbolic_differs(a.symbolic)]

    def failed(self, fail_on: str) -> bool:
        gains, losses, errors = self.total(GAIN), self.total(LOSS), self.total(ERROR)
        if fail_on == "none":
            return False
        if errors:  # an undecidable cell may hide a gain or a loss
            return True
        return {"gains": gains > 0, "losses": losses > 0, "any": gains + losses > 0}[fail_on]

    def to_dict(self, only_changed: bool = True) -> dict:
        shown = self.changed if only_changed else self.actions
        return {"format": DIFF_FORMAT, "old": self.old.to_dict(), "new": self.new.to_dict(),
                "targets": targets_mod.describe_targets(), "personas": self.personas,
                "columns": [c.to_dict() for c in self.columns],
                "summary": {"actions": len(self.actions), "changed": len(self.changed),
                            "rule_changed": sum(1 for a in self.actions if a.rule_changed),
                            "gains": self.total(GAIN), "losses": self.total(LOSS), "errors": self.total(ERROR),
                            **self._symbolic_summary()},
                "actions": [a.to_dict() for a in shown]}

    def _symbolic_summary(self) -> dict:
        verdicts = [a.symbolic for a in self.actions if a.symbolic is not None]
        if not verdicts:
            return {}
        unknown = sum(1 for v in verdicts if "unknown" in (v.get("status"), v.get("losses")))
        return {"unknown": unknown,
                "symbolic": {direction: {status: sum(1 for v in verdicts if v.get(key) == status)
                                         for status in ("same", "new-access", "unknown")}
                             for direction, key in (("gains", "status"), ("losses", "losses"))}}


def _symbolic_differs(symbolic: dict | None) -> bool:
    """The symbolic mode found, or could not exclude, a request whose decision changes."""
    return symbolic is not None and (symbolic.get("status") != "same" or symbolic.get("losses", "same") != "same")


def _status(action: str, old_actions: set, new_actions: set) -> str:
    if action not in old_actions:
        return "added"
    if action not in new_actions:
        return "removed"
    return "changed"


def compare_action(old: PolicyState, new: PolicyState, action: str, columns: list[PersonaClass],
                   status: str, old_name: str | None = None) -> ActionDiff:
    """``old_name``: the name OLD enforces for the same API when NEW renamed it."""
    was_name = old_name or action
    entry = ActionDiff(action, resource_of(action), status, old.origin(was_name), new.origin(action),
                       old.policy.scope_types(was_name), new.policy.scope_types(action), old_name=old_name)
    for group in columns:
        creds = group.representative.creds
        before, after = decide_cell(old, was_name, creds), decide_cell(new, action, creds)
        for relation in targets_mod.RELATIONS:
            was, now = before.outcomes[relation], after.outcomes[relation]
            if was == now and (was is not None or before.errors.get(relation) == after.errors.get(relation)):
                continue
            kind = ERROR if was is None or now is None else GAIN if now else LOSS
            old_creds, new_creds = old.request_creds(creds), new.request_creds(creds)
            old_target = targets_mod.build_target(old.policy, was_name, old_creds, relation,
                                                  old.target_values(was_name) or None, old.target_hints)
            new_target = targets_mod.build_target(new.policy, action, new_creds, relation,
                                                  new.target_values(action) or None, new.target_hints)
            entry.changes.append(Change(
                group.label, group.count, relation, kind, _word(was), _word(now),
                before.errors.get(relation) or deciding_branch(old.policy, was_name, old_target, old_creds),
                after.errors.get(relation) or deciding_branch(new.policy, action, new_target, new_creds)))
    if status == "changed" and not entry.changes and not entry.rule_changed:
        entry.status = "same"
    return entry


def compute_diff(old: PolicyState, new: PolicyState, personas: list, actions: list[str] | None = None) -> Diff:
    """Compare ``old`` and ``new`` for ``personas`` over ``actions`` (default: every action of either)."""
    columns = persona_classes([old.policy, new.policy], personas)
    old_actions, new_actions = old.actions(), new.actions()
    names = actions if actions is not None else list(dict.fromkeys(old_actions + new_actions))
    old_set, new_set = set(old_actions), set(new_actions)
    renames = renamed_actions(old, new, old_set, new_set)
    replaced = {old_name for old_name in renames.values()}
    entries = []
    for name in names:
        if name in renames:
            entries.append(compare_action(old, new, name, columns, "renamed", renames[name]))
        elif name not in replaced or name in new_set:
            entries.append(compare_action(old, new, name, columns, _status(name, old_set, new_set)))
    entries.sort(key=lambda e: (e.resource, e.action))
    return Diff(old, new, columns, entries, len(personas))


def renamed_actions(old: PolicyState, new: PolicyState, old_set: set, new_set: set) -> dict[str, str]:
    """New name → old name, for actions NEW registers with a deprecated name that OLD enforced.

    After an upgrade the service calls the new name where it called the old one, so the
    old name's decisions are what the new name's are compared with. An old name split
    into several new ones is compared with each.
    """
    renames = {}
    for name, default in new.policy.registered.items():
        old_name = default.deprecated_name
        if old_name and old_name != name and name not in old_set and old_name in old_set and old_name not in new_set:
            renames[name] = old_name
    return renames


def attach_symbolic(diff: Diff, verdicts: Mapping[str, Any]) -> None:
    """Record, per action, the symbolic verdict (``same``/``new-access``/``unknown`` with a witness)."""
    for entry in diff.actions:
        verdict = verdicts.get(entry.action)
        if verdict is not None:
            entry.symbolic = verdict.to_dict() if hasattr(verdict, "to_dict") else dict(verdict)


def rule_changed(diff: Diff) -> list[str]:
    """Actions whose effective rule differs: what the symbolic mode should examine."""
    return [entry.action for entry in diff.actions if entry.rule_changed]


__all__ = ["Change", "ActionDiff", "Diff", "compute_diff", "compare_action", "attach_symbolic", "rule_changed",
           "renamed_actions",
           "FAIL_ON", "GAIN", "LOSS", "ERROR", "DIFF_FORMAT"]
