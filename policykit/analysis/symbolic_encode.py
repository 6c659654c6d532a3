"""The policy language as SMT formulas: one request, all of its possible values at once.

A *request* is a creds mapping and a flat target mapping whose keys are strings and
whose values are JSON values (null, booleans, numbers, strings, lists, objects) — what
a creds file, a Keystone token and a service's target can hold, and what ``policykit
eval`` can replay. Every check tree evaluated on such a request ends in one of three
outcomes: allow (True), deny (False) or an exception (``EvaluationError``; oslo.policy
raises there). Each node is encoded as two formulas over the request: ``allow`` and
``error``; deny is neither. and/or/not follow oslo's left-to-right short-circuiting,
so an error hidden behind a decided branch stays hidden, as it does when evaluating.

What a value contributes is only what the rule language can observe of it:

* a creds key read by a generic check: absent, a scalar (observed through ``str()``),
  or a list (observed as the set of its elements' ``str()``, searched by oslo); plus
  whether it is truthy, for the keys that decide the token scope;
* ``roles``: absent, a list of names (observed case-insensitively, one boolean per
  lower-cased role name the rules mention), or a value role checks fail on (null);
* a target key: absent (the check is then False) or present, observed through
  ``str()`` — every string is possible.

Every such abstract value is realised by a concrete JSON value
(``symbolic_realise.realise``), so a satisfying model is always a real request. Constructs whose effect cannot be written
down exactly raise ``Unencodable`` with the reason; the caller then answers "unknown".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import z3

from policykit.policy import ast
from policykit.policy.leaves import INVALID, LITERAL, classify_kind

ABSENT, SCALAR, LIST = 0, 1, 2
ROLES_ABSENT, ROLES_LIST, ROLES_BROKEN = 0, 1, 2
# str() of every falsy JSON value that is not a list: "", null, false, 0, 0.0, -0.0, {}.
FALSY_TEXTS = ("", "None", "False", "0", "0.0", "-0.0", "{}")
_CONVERSION = re.compile(r"%(?:%|\(([^()]*)\)s)")
_Z3_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]{1,5})\}")
MAX_CHAR = 0x2FFFF  # the solver's largest character


class Unencodable(Exception):
    """This construct's effect cannot be encoded exactly; the answer must be "unknown"."""


@dataclass
class Slot:
    """A creds key as generic checks and the scope see it."""

    kind: Any
    text: Any
    truthy: Any
    members: Any
    nonempty: Any
    probes: list = field(default_factory=list)  # strings tested for membership


@dataclass
class DottedPath:
    """A dotted creds path (``token.domain.id``). oslo walks it depth first, searching every
    list; whatever ``wanted`` is, the walk meets the same leaves and the same first
    non-mapping (TypeError) in the same order. So the path is exactly: the strings met
    before the first error (``members``) and whether an error follows (``broken``)."""

    members: Any
    broken: Any
    probes: list = field(default_factory=list)


@dataclass
class Outcome:
    allow: Any
    error: Any


TRUE, FALSE = z3.BoolVal(True), z3.BoolVal(False)


def _all(parts):
    parts = [p for p in parts if not z3.is_true(p)]
    if any(z3.is_false(p) for p in parts):
        return FALSE
    return TRUE if not parts else parts[0] if len(parts) == 1 else z3.And(parts)


def _any(parts):
    parts = [p for p in parts if not z3.is_false(p)]
    if any(z3.is_true(p) for p in parts):
        return TRUE
    return FALSE if not parts else parts[0] if len(parts) == 1 else z3.Or(parts)


def _not(part):
    return FALSE if z3.is_true(part) else TRUE if z3.is_false(part) else z3.Not(part)


def z3_text(value: str):
    """A Python string as a solver string, character for character. z3 reads ``\\u{..}`` escapes
    in string literals, so a backslash and every character outside printable ASCII is given
    as such an escape; characters beyond the solver's range cannot be encoded."""
    out = []
    for char in value:
        code = ord(char)
        if code > MAX_CHAR:
            raise Unencodable(f"the string {value!r} has a character beyond U+{MAX_CHAR:X}, the solver's range")
        out.append(char if 32 <= code < 127 and char != "\\" else f"\\u{{{code:x}}}")
    return z3.StringVal("".join(out))


def python_text(value) -> str:
    """A solver string value as the Python string it stands for (the inverse of ``z3_text``)."""
    return _Z3_ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), value.as_string())


def format_parts(match: str) -> list:
    """``match`` as literal strings and ``("key",)`` for each ``%(key)s``; anything else
    %-formatting can do (widths, other conversions, a bare ``%s``, a stray ``%``) is
    Unencodable, because its result or its error depends on the target's value types."""
    parts: list = []
    position = 0
    for found in [*_CONVERSION.finditer(match), None]:
        literal = match[position:found.start() if found else len(match)]
        if "%" in literal:
            raise Unencodable(f"the match {match!r} uses %-formatting other than %(key)s and %%")
        parts.append(literal)
        if found:
            parts.append("%" if found.group(1) is None else (found.group(1),))
            position = found.end()
    return [p for p in parts if p != ""]


class Request:
    """The symbolic request shared by every rule encoded against it."""

    def __init__(self):
        self.slots: dict[str, Slot] = {}
        self.targets: dict[str, tuple[Any, Any]] = {}
        self.roles_state = z3.Int("roles#state")
        self.roles: dict[str, Any] = {}
        self.facts: list = [z3.And(self.roles_state >= 0, self.roles_state <= 2)]
        self.paths: dict[tuple, DottedPath] = {}
        self.generic_on_roles = False
        self.role_checks = False
        self.constants: set[str] = set()  # every string the rules compare with

    # -- creds ----------------------------------------------------------------------

    def raw_slot(self, key: str) -> Slot:
        slot = self.slots.get(key)
        if slot is None:
            name = f"creds[{key!r}]"
            slot = Slot(z3.Int(name + "#kind"), z3.String(name + "#str"), z3.Bool(name + "#truthy"),
                        z3.Array(name + "#members", z3.StringSort(), z3.BoolSort()), z3.Bool(name + "#nonempty"))
            self.slots[key] = slot
            k, s, t = slot.kind, slot.text, slot.truthy
            self.facts += [
                z3.And(k >= ABSENT, k <= LIST),
                z3.Implies(k == ABSENT, z3.Not(t)),
                z3.Implies(k == SCALAR, z3.And(z3.Implies(z3.Not(t), z3.Or([s == v for v in FALSY_TEXTS])),
                                               z3.Implies(s == "", z3.Not(t)))),
                z3.Implies(k == LIST, t == slot.nonempty),
            ]
        return slot

    def slot(self, key: str) -> Slot:
        """The value evaluation sees: oslo copies a truthy ``system_scope`` into ``system``."""
        if key != "system":
            return self.raw_slot(key)
        scope, own = self.raw_slot("system_scope"), self.raw_slot("system")
        copied = scope.truthy

        def pick(a, b):
            return z3.If(copied, a, b)

        effective = Slot(pick(scope.kind, own.kind), pick(scope.text, own.text), pick(scope.truthy, own.truthy),
                         None, None)
        effective.members = (scope, own, copied)
        return effective

    def contains(self, slot: Slot, wanted) -> Any:
        if isinstance(slot.members, tuple):  # the effective ``system``
            scope, own, copied = slot.members
            return z3.If(copied, self.contains(scope, wanted), self.contains(own, wanted))
        slot.probes.append(wanted)
        member = z3.Select(slot.members, wanted)
        self.facts.append(z3.Implies(member, slot.nonempty))
        return member

    def dotted(self, path: tuple) -> DottedPath:
        slot = self.paths.get(path)
        if slot is None:
            name = "creds" + "".join(f"[{p!r}]" for p in path)
            slot = self.paths[path] = DottedPath(z3.Array(name + "#members", z3.StringSort(), z3.BoolSort()),
                                                 z3.Bool(name + "#broken"))
        return slot

    def conflicts(self) -> str | None:
        """Creds keys read in two ways the encoding keeps apart (it would then be inexact)."""
        if self.generic_on_roles and self.role_checks:
            return "both role checks and generic checks read creds['roles']"
        special = set(self.slots) | {"roles", "system", "system_scope", "domain_id"}
        for path in self.paths:
            if path[0] in special:
                return f"creds[{path[0]!r}] is read both as a value and through the dotted path {'.'.join(path)}"
            for other in self.paths:
                if other != path and other[:len(path)] == path:
                    return f"the dotted creds paths {'.'.join(path)} and {'.'.join(other)} overlap"
        return None

    def role(self, name: str):
        var = self.roles.get(name)
        if var is None:
            var = self.roles[name] = z3.Bool(f"roles#has[{name!r}]")
        return var

    # -- target ---------------------------------------------------------------------

    def target(self, key: str):
        entry = self.targets.get(key)
        if entry is None:
            entry = self.targets[key] = (z3.Bool(f"target[{key!r}]#present"), z3.String(f"target[{key!r}]#str"))
        return entry

    def substituted(self, match: str):
        """(the substituted text, the condition that no key is missing)."""
        pieces, present, literal = [], [], ""
        for part in format_parts(match):
            if isinstance(part, tuple):
                if literal:
                    pieces.append(z3_text(literal))
                    literal = ""
                is_there, text = self.target(part[0])
                present.append(is_there)
                pieces.append(text)
            else:
                literal += part
        self.constants.add(literal)
        if literal or not pieces:
            pieces.append(z3_text(literal))
        text = pieces[0] if len(pieces) == 1 else z3.Concat(pieces)
        return text, _all(present)

    # -- scope ----------------------------------------------------------------------

    def token_scope_in(self, scope_types) -> Any:
        system = self.slot("system").truthy
        domain = self.raw_slot("domain_id").truthy
        scopes = {"system": system, "domain": z3.And(z3.Not(system), domain),
                  "project": z3.And(z3.Not(system), z3.Not(domain))}
        return _any([scopes[s] for s in scope_types if s in scopes])


class Encoder:
    """Encodes the rules of one ``Policy`` against a shared ``Request``."""

    def __init__(self, policy, request: Request):
        self.policy = policy
        self.request = request
        self.custom_kinds = set(getattr(policy, "checks", None) or ())
        self._done: dict = {}
        self._stack: list = []
        self._cyclic = False

    def action(self, name: str) -> Outcome:
        """What ``policy.enforce(name, target, creds)`` does, scope check included."""
        policy = self.policy
        if not policy.rules:
            return Outcome(FALSE, FALSE)
        key = policy.table.resolve(name)
        if key is None:
            return Outcome(FALSE, FALSE)
        if getattr(policy.table, "load_errors", None):  # a service's check refused a rule: every enforce raises
            return Outcome(FALSE, TRUE)
        try:
            body = self.reference(key)
        except RecursionError:
            raise Unencodable(f"the rule of {name!r} is nested too deeply to encode") from None
        scope_types = policy.scope_types(name)
        if scope_types and getattr(policy, "enforce_scope", True):
            in_scope = self.request.token_scope_in(scope_types)
            return Outcome(_all([in_scope, body.allow]), _all([in_scope, body.error]))
        return body

    def reference(self, key) -> Outcome:
        if key in self._stack:  # re-entered while evaluating itself: evaluation never ends
            self._cyclic = True
            return Outcome(FALSE, TRUE)
        done = self._done.get(key)
        if done is not None:
            return done
        self._stack.append(key)
        outer, self._cyclic = self._cyclic, False
        try:
            result = self.check(self.policy.table.checks[key])
        finally:
            self._stack.pop()
        if not self._cyclic:  # an encoding made under a cycle depends on the stack it was made in
            self._done[key] = result
        self._cyclic = self._cyclic or outer
        return result

    def check(self, node: ast.Check) -> Outcome:
        if isinstance(node, ast.TrueCheck):
            return Outcome(TRUE, FALSE)
        if isinstance(node, ast.FalseCheck):
            return Outcome(FALSE, FALSE)
        if isinstance(node, ast.NotCheck):
            inner = self.check(node.rule)
            return Outcome(_all([_not(inner.allow), _not(inner.error)]), inner.error)
        if isinstance(node, ast.AndCheck):
            return self._chain([self.check(r) for r in node.rules], conjunction=True)
        if isinstance(node, ast.OrCheck):
            return self._chain([self.check(r) for r in node.rules], conjunction=False)
        if isinstance(node, ast.LeafCheck):
            return self.leaf(node)
        raise Unencodable(f"{type(node).__name__} is not a check this encoding knows")

    @staticmethod
    def _chain(parts: list[Outcome], conjunction: bool) -> Outcome:
        # Left to right: a part is reached only when every earlier part went on (allowed
        # for "and", denied for "or") without raising.
        allow, error, reached = [], [], TRUE
        for part in parts:
            error.append(_all([reached, part.error]))
            if conjunction:
                reached = _all([reached, part.allow])
            else:
                allow.append(_all([reached, part.allow]))
                reached = _all([reached, _not(part.allow), _not(part.error)])
        return Outcome(reached if conjunction else _any(allow), _any(error))

    def leaf(self, leaf: ast.LeafCheck) -> Outcome:
        text = str(leaf)
        if leaf.kind in self.custom_kinds:
            raise Unencodable(f"{text}: a service-specific check ({leaf.kind}:) is not modelled")
        if isinstance(leaf, ast.RuleCheck):
            key = self.policy.table.resolve(leaf.match)
            return Outcome(FALSE, FALSE) if key is None else self.reference(key)
        if isinstance(leaf, (ast.HttpCheck, ast.HttpsCheck)):
            raise Unencodable(f"{text}: the decision of a remote server cannot be known")
        request = self.request
        wanted, present = request.substituted(leaf.match)
        if isinstance(leaf, ast.RoleCheck):
            if not z3.is_string_value(wanted):
                raise Unencodable(f"{text}: a role name taken from the target is compared case-insensitively")
            name = python_text(wanted).lower()
            request.role_checks = True
            state = request.roles_state
            return Outcome(_all([present, state == ROLES_LIST, request.role(name)]),
                           _all([present, state == ROLES_BROKEN]))
        if not isinstance(leaf, ast.GenericCheck):
            raise Unencodable(f"{text}: check class {type(leaf).__name__} is not modelled")
        mode, payload = classify_kind(leaf.kind)
        if mode == LITERAL:
            request.constants.add(payload)
            return Outcome(_all([present, wanted == z3_text(payload)]), FALSE)
        if mode == INVALID:
            return Outcome(FALSE, present)
        if len(payload) != 1:
            path = request.dotted(payload)
            path.probes.append(wanted)
            member = z3.Select(path.members, wanted)
            return Outcome(_all([present, member]), _all([present, z3.Not(member), path.broken]))
        if payload[0] == "roles":
            request.generic_on_roles = True
        slot = request.slot(payload[0])
        found = z3.Or(z3.And(slot.kind == SCALAR, slot.text == wanted),
                      z3.And(slot.kind == LIST, request.contains(slot, wanted)))
        return Outcome(_all([present, found]), FALSE)
