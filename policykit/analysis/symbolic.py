"""Symbolic analysis: questions about every possible request, answered with proof.

    >>> from policykit import Policy
    >>> old = Policy.from_dict({"a": "role:admin or role:member"})
    >>> new = Policy.from_dict({"a": "role:MEMBER or role:admin"})
    >>> compare(old, new, "a").equivalent
    True
    >>> compare(old, Policy.from_dict({"a": "role:admin or user_id:u9"}), "a").status
    'new-access'

``compare(old, new, action)`` asks whether NEW allows a request OLD does not, over all
credentials and targets (not only known personas); ``can_anyone(policy, action)``
asks whether any request at all is allowed. Both give a ``Verdict``:

* ``same`` — proved: no request is allowed by NEW and not by OLD (for ``can_anyone``:
  nobody can);
* ``new-access`` — with a ``Witness``: a concrete request that NEW allows and OLD does
  not, replayed through ``Policy.enforce`` on both sides before it is reported, and
  rendered as a ``policykit eval`` command line;
* ``unknown`` — with the reason: the construct that could not be encoded exactly (a
  remote ``http:`` check, a service-specific check, a dotted creds path, a role name
  or %-conversion taken from the target) or the solver giving up. Never a guess.

"Allowed" means ``enforce`` returns True; a request on which a rule raises (a
reference cycle, a bad literal, ``roles`` that is not a list...) is not allowed. For
``compare`` the reverse question (losses: OLD allows, NEW does not) is answered too,
in ``losses``/``loss_witness``; ``equivalent`` is True when both are proved ``same``.

The requests considered are creds mappings and flat targets with string keys and JSON
values (see ``symbolic_encode``). z3 is imported only here; without it, ``require_z3``
raises an ``InputError`` naming the package to install.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from policykit.analysis.symbolic_command import FLAG_KEYS, command_line
from policykit.errors import EvaluationError, InputError
from policykit.policy import ast

SAME, NEW_ACCESS, UNKNOWN = "same", "new-access", "unknown"
DEFAULT_TIMEOUT_MS = 20_000


def require_z3():
    """The z3 module, or an InputError (exit 2) saying how to get it."""
    try:
        import z3
    except ImportError:
        raise InputError("symbolic mode needs the SMT solver z3 (Python package z3-solver), which is not installed",
                         hint="pip install 'policykit[symbolic]'  (or: pip install z3-solver)") from None
    return z3


@dataclass
class Witness:
    """A request one side allows and the other does not, with what each side decided."""

    creds: dict
    target: dict
    decisions: dict  # side ("old"/"new") → "allow" | "deny" | "error: ..."
    commands: dict = field(default_factory=dict)  # side → a ready `policykit eval` command line

    def to_dict(self) -> dict:
        return {"creds": self.creds, "target": self.target, "decisions": self.decisions, "commands": self.commands}


@dataclass
class Verdict:
    action: str
    status: str  # same | new-access | unknown
    witness: Witness | None = None
    reason: str | None = None
    losses: str | None = None  # compare only: same (nothing lost) | new-access (something lost) | unknown
    loss_witness: Witness | None = None
    loss_reason: str | None = None

    @property
    def equivalent(self) -> bool:
        return self.status == SAME and self.losses == SAME

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"action": self.action, "status": self.status}
        if self.witness is not None:
            out["witness"] = self.witness.to_dict()
            out["command"] = self.witness.commands.get("new") or next(iter(self.witness.commands.values()), "")
        if self.reason:
            out["reason"] = self.reason
        if self.losses is not None:
            out["losses"] = self.losses
            if self.loss_witness is not None:
                out["loss_witness"] = self.loss_witness.to_dict()
                out["loss_command"] = self.loss_witness.commands.get("old", "")
            if self.loss_reason:
                out["loss_reason"] = self.loss_reason
        return out


# --- deciding concretely ---------------------------------------------------------------


def decide(policy, action: str, creds: dict, target: dict) -> str:
    try:
        result = policy.enforce(action, copy.deepcopy(target), copy.deepcopy(creds))
    except EvaluationError as exc:
        return f"error: {exc}"
    return "allow" if result is True else "deny"


# --- solving ---------------------------------------------------------------------------


def _shape(z3, request) -> list:
    """The request a token gives through oslo.context (what `eval` flags build): the standard
    keys, strings or null, roles a list, nothing else. Preferred for witnesses when possible."""
    from policykit.analysis.symbolic_encode import ABSENT, LIST, ROLES_LIST, SCALAR

    facts = []
    for key, slot in request.slots.items():
        k, s, t = slot.kind, slot.text, slot.truthy
        none = z3.And(k == SCALAR, s == "None", z3.Not(t))
        if key in ("user_id", "user_domain_id", "project_id", "project_domain_id", "domain_id"):
            facts.append(z3.Or(none, z3.And(k == SCALAR, t, z3.Length(s) > 0)))
        elif key == "system_scope":
            facts.append(z3.Or(none, z3.And(k == SCALAR, t, s == "all")))
        elif key == "is_admin_project":
            facts.append(z3.And(k == SCALAR, t, s == "True"))
        elif key in ("service_user_id", "service_user_domain_id", "service_project_id", "service_project_domain_id"):
            facts.append(none)
        elif key in ("service_roles", "roles"):
            facts.append(z3.And(k == LIST, z3.Not(slot.nonempty)) if key == "service_roles" else k == LIST)
        else:
            facts.append(k == ABSENT)
    if not request.generic_on_roles:
        facts.append(request.roles_state == ROLES_LIST)
    for path in request.paths.values():  # no nested creds in a token's policy values
        facts += [z3.Not(path.broken)] + [z3.Not(z3.Select(path.members, p)) for p in path.probes]
    return facts


_READABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def _prettified(creds: dict, target: dict, constants: set) -> tuple[dict, dict]:
    """The same request with every string the solver made up (``'\\x00'``, ``'-'``…) renamed to
    a readable one (``v1``, ``v2``…), consistently; the caller keeps it only if it replays."""
    names: dict[str, str] = {}
    counter = iter(range(1, 1 << 30))

    def rename(value):
        if isinstance(value, list):
            return [rename(v) for v in value]
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        if not isinstance(value, str) or value in constants or _READABLE.fullmatch(value):
            return value
        if value not in names:
            fresh = f"v{next(counter)}"
            while fresh in constants:
                fresh = f"v{next(counter)}"
            names[value] = fresh
        return names[value]

    return {k: rename(v) if k != "roles" else v for k, v in creds.items()}, {k: rename(v) for k, v in target.items()}


def _standardise(creds: dict) -> dict:
    from policykit.policy.credentials import policy_values

    values = {k: creds.get(k) for k in FLAG_KEYS}
    return policy_values(roles=creds.get("roles") or [], **values)


class _Problem:
    """One action: both sides encoded against one symbolic request."""

    def __init__(self, policies: dict, action: str, timeout_ms: int, names: dict | None = None):
        self.z3 = z3 = require_z3()
        from policykit.analysis.symbolic_encode import Encoder, Request, Unencodable

        self.request = request = Request()
        self.names = {side: (names or {}).get(side, action) for side in policies}
        self.outcomes = {side: Encoder(policy, request).action(self.names[side]) for side, policy in policies.items()}
        conflict = request.conflicts()
        if conflict:
            raise Unencodable(conflict)
        self.solver = z3.Solver()
        self.solver.set("timeout", timeout_ms)
        self.solver.add(request.facts)
        self.policies, self.action, self.timeout_ms = policies, action, timeout_ms

    def search(self, goal, allowed: str, denied: str | None, eval_args: dict) -> tuple[str, Witness | None, str | None]:
        """(status, witness, reason) for "is some request allowed by ``allowed`` and not by ``denied``"."""
        from policykit.analysis.symbolic_realise import realise

        z3, solver = self.z3, self.solver
        if z3.is_false(goal):
            return SAME, None, None
        solver.push()
        try:
            solver.add(goal)
            answer = solver.check()
            if answer == z3.unsat:
                return SAME, None, None
            if answer != z3.sat:
                return UNKNOWN, None, f"the solver gave up ({solver.reason_unknown()})"
            model = solver.model()
            # A token-shaped request renders as eval flags; worth a short extra search only.
            solver.set("timeout", min(self.timeout_ms, 2000))
            standard = solver.check(*_shape(z3, self.request)) == z3.sat
            if standard:
                model = solver.model()
            solver.set("timeout", self.timeout_ms)
        finally:
            solver.pop()
        creds, target = realise(model, self.request)
        if standard:
            creds = _standardise(creds)
        def replayed(creds, target):
            decisions = {side: decide(policy, self.names[side], creds, target) for side, policy in self.policies.items()}
            good = decisions[allowed] == "allow" and (denied is None or decisions[denied] != "allow")
            return good, decisions

        pretty = _prettified(creds, target, self.request.constants)
        good, decisions = replayed(*pretty)
        if good:
            creds, target = pretty
        else:
            good, decisions = replayed(creds, target)
        if not good:
            return UNKNOWN, None, (f"internal disagreement: the solver's witness {json.dumps([creds, target])} "
                                   f"does not replay ({decisions}); the encoding misses something here")
        commands = {side: command_line(eval_args.get(side, ()), self.names[side], creds, target) for side in self.policies}
        return NEW_ACCESS, Witness(creds, target, decisions, commands), None


def same_structure(old_policy, new_policy, old_name: str, new_name: str) -> bool:
    """Whether both sides evaluate the same tree for these names: same scope types, and the
    rule trees equal node for node with every ``rule:`` followed (default fallback included).

    Identical ``http:`` leaves count as equal only under the same action name (the server
    is sent the request and that name). Reference cycles are compared coinductively: a pair of rules already being compared
    counts as equal, since both graphs then unroll to the same infinite tree, which
    evaluates identically (re-entering a rule is the same non-termination on both sides)."""
    def side(policy, name):
        if not policy.rules:
            return None
        key = policy.table.resolve(name)
        if key is None or getattr(policy.table, "load_errors", None):
            return None
        return key

    old_key, new_key = side(old_policy, old_name), side(new_policy, new_name)
    if (old_key is None) != (new_key is None):
        return False
    if old_key is None:
        return True
    if (old_policy.scope_types(old_name) != new_policy.scope_types(new_name)
            or getattr(old_policy, "enforce_scope", True) != getattr(new_policy, "enforce_scope", True)):
        return False
    old_custom, new_custom = getattr(old_policy, "checks", None) or {}, getattr(new_policy, "checks", None) or {}
    assumed: set = set()
    pairs = [(old_policy.table.checks[old_key], new_policy.table.checks[new_key])]
    assumed.add((old_key, new_key))
    while pairs:
        left, right = pairs.pop()
        if type(left) is not type(right):
            return False
        if isinstance(left, ast.RuleCheck):
            keys = (old_policy.table.resolve(left.match), new_policy.table.resolve(right.match))
            if (keys[0] is None) != (keys[1] is None):
                return False
            if keys[0] is not None and keys not in assumed:
                assumed.add(keys)
                pairs.append((old_policy.table.checks[keys[0]], new_policy.table.checks[keys[1]]))
            continue
        if isinstance(left, ast.LeafCheck):
            if (left.kind, left.match) != (right.kind, right.match) or \
                    old_custom.get(left.kind) is not new_custom.get(right.kind):
                return False
            if isinstance(left, (ast.HttpCheck, ast.HttpsCheck)) and old_name != new_name:
                return False  # the server is sent the rule name too: a renamed action may be answered otherwise
            continue
        children = left.children(), right.children()
        if len(children[0]) != len(children[1]):
            return False
        pairs.extend(zip(*children))
    return True


def compare(old_policy, new_policy, action: str, *, old_action: str | None = None, losses: bool = True,
            old_eval_args: Sequence[str] = (), new_eval_args: Sequence[str] = (),
            timeout_ms: int = DEFAULT_TIMEOUT_MS) -> Verdict:
    """Does NEW allow a request OLD does not (and, with ``losses``, the reverse)?

    ``old_action``: the name OLD enforces for the same API call when NEW renamed it.
    ``*_eval_args`` are the ``policykit eval`` arguments that load each side (the policy
    file first, then options such as ``--defaults FILE``), used in witness command lines.
    """
    from policykit.analysis.symbolic_encode import Unencodable

    if same_structure(old_policy, new_policy, old_action or action, action):  # nothing to solve
        return Verdict(action, SAME, losses=SAME if losses else None)
    try:
        problem = _Problem({"old": old_policy, "new": new_policy}, action, timeout_ms,
                           {"old": old_action or action, "new": action})
    except Unencodable as exc:
        return Verdict(action, UNKNOWN, reason=str(exc), losses=UNKNOWN if losses else None,
                       loss_reason=str(exc) if losses else None)
    z3 = problem.z3
    old, new = problem.outcomes["old"], problem.outcomes["new"]
    eval_args = {"old": old_eval_args, "new": new_eval_args}
    if old.allow.eq(new.allow):  # the same formula: nothing to solve
        return Verdict(action, SAME, losses=SAME if losses else None)
    status, witness, reason = problem.search(z3.And(new.allow, z3.Not(old.allow)), "new", "old", eval_args)
    verdict = Verdict(action, status, witness, reason)
    if losses:
        verdict.losses, verdict.loss_witness, verdict.loss_reason = problem.search(
            z3.And(old.allow, z3.Not(new.allow)), "old", "new", eval_args)
    return verdict


def can_anyone(policy, action: str, *, eval_args: Sequence[str] = (), timeout_ms: int = DEFAULT_TIMEOUT_MS) -> Verdict:
    """Is any request at all allowed? ``same`` = proved nobody; ``new-access`` = a witness."""
    from policykit.analysis.symbolic_encode import Unencodable

    try:
        problem = _Problem({"policy": policy}, action, timeout_ms)
    except Unencodable as exc:
        return Verdict(action, UNKNOWN, reason=str(exc))
    status, witness, reason = problem.search(problem.outcomes["policy"].allow, "policy", None, {"policy": eval_args})
    return Verdict(action, status, witness, reason)
