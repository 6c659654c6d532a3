"""Compile check trees into plain closures, on first use; a decision is then a few dict look-ups.

``RuleTable`` holds a rule set and compiles each rule the first time it is decided
(with every rule it references), so loading a policy costs no compiling at all.
Everything oslo.policy works out again on every call is settled when compiling:

* ``rule:NAME`` references are resolved: to NAME's function, to the default rule's
  function when NAME is undefined (oslo's ``Rules.__missing__``), or to a constant
  False when neither exists. A reference outside any cycle costs nothing at run time:
  the caller's closure calls the referenced rule's function directly.
* Reference cycles (``a: rule:b``, ``b: rule:a``, or a default rule pointing at an
  undefined name) are found with Tarjan's algorithm over the rules being compiled. Only
  rules on a cycle get a guard that notices re-entry; re-entering a rule while
  evaluating it repeats the same evaluation forever, which oslo.policy ends with
  ``TypeError('unsupported callable')`` (a wrapped RecursionError). policykit raises
  ``EvaluationError`` naming the cycle instead, when a rule on it is evaluated.
* oslo's RuleCheck turns any KeyError raised while evaluating the referenced rule into
  False; only ``http:``/``https:`` leaves and a service's own checks can raise one, so
  only references that can reach such a leaf are wrapped to do the same.

A compiled function has the signature ``decide(target, creds) -> bool`` and always
returns a real bool, as oslo's and/or/not do and its built-in leaves do.

Each rule also has a *traced* form, compiled from the same resolution and the same
leaves on the first traced decision: the same function with ``policykit.policy.trace``
events around every node. ``RuleTable.call_traced`` runs one with a tracer; the plain
form never looks for a tracer, so tracing costs the fast path nothing.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Hashable, Mapping

from policykit.errors import EvaluationError
from policykit.policy import ast
from policykit.policy.leaves import generic_leaf, http_leaf, role_leaf
from policykit.policy.rulegraph import DEFAULT_CHECK, cycle_error, references, strongly_connected
from policykit.policy.traced import traced_and_or, traced_leaf, traced_not, traced_reference

Decide = Callable[[Any, Any], bool]

__all__ = ["DEFAULT_CHECK", "RuleTable", "cycle_error", "too_deep"]


def _always(target, creds):
    return True


def _never(target, creds):
    return False


def too_deep(key) -> Decide:
    """The function of a tree too deep to compile: oslo cannot evaluate it either."""
    def too_deep_to_evaluate(target, creds):
        raise EvaluationError(
            f"rule {key!r} is nested too deeply to evaluate; oslo.policy fails on it too "
            "(RecursionError, or TypeError: unsupported callable)", oslo_exception="RecursionError")
    return too_deep_to_evaluate


class RuleTable:
    """A rule set compiled on demand: name → decide function, with oslo's default-rule fallback.

    ``custom`` maps a check kind to a service's factory ``(kind, match, text) -> decide``,
    compiled in place of the generic leaf for that kind (oslo's registered checks).
    """

    def __init__(self, rules: Mapping[str, ast.Check], default_rule: str | ast.Check | None = "default",
                 remote=None, custom: Mapping[str, Any] | None = None):
        # The caller's dict is used as it is unless a default check must be added to it: a
        # large policy's tables cost megabytes each, and neither side changes them.
        self.checks: dict[Hashable, ast.Check] = (
            rules if type(rules) is dict and not isinstance(default_rule, ast.Check) else dict(rules))
        self.remote = remote
        self.custom: dict[str, Any] = dict(custom or {})
        if isinstance(default_rule, ast.Check):
            self.checks[DEFAULT_CHECK] = default_rule
            self.default_key: Hashable | None = DEFAULT_CHECK
        elif default_rule and default_rule in rules:  # oslo: a named default counts only if defined
            self.default_key = default_rule
        else:
            self.default_key = None
        self.functions: dict[Hashable, Decide] = {}  # key → compiled rule, filled on first use
        self.traced: dict[Hashable, Decide] = {}  # key → traced form, filled on first traced use
        self._active = threading.local()  # per thread: the cyclic rules being evaluated
        self._tracing = threading.local()  # per thread: the tracer of the traced call under way
        self._lock = threading.RLock()  # compiling only; deciding never takes it
        self._successors: dict[Hashable, list] = {}
        self._raises_key_error: dict[Hashable, bool] = {}
        self.load_errors = self._load_errors() if self.custom else []

    def _load_errors(self) -> list[EvaluationError]:
        """Errors a service's check class raises when it is built: oslo then fails to load
        the rules, so every decision raises. A factory with a ``load_error(kind, match,
        text)`` probe says so; the checks themselves are still built on first use."""
        probes = {kind: getattr(factory, "load_error", None) for kind, factory in self.custom.items()}
        if not any(probes.values()):
            return []
        errors: list[EvaluationError] = []
        for check in self.checks.values():
            for node in check.walk():
                probe = probes.get(node.kind) if type(node) is ast.GenericCheck else None
                error = probe(node.kind, node.match, str(node)) if probe is not None else None
                if error is not None and error not in errors:
                    errors.append(error)
        return errors

    # -- name resolution ---------------------------------------------------------------

    def resolve(self, name: Hashable) -> Hashable | None:
        """The table key a ``rule:name`` reference evaluates (None: fail closed)."""
        return name if name in self.checks and name is not DEFAULT_CHECK else self.default_key

    def function_for(self, name: Hashable) -> Decide | None:
        key = self.resolve(name)
        if key is None:
            return None
        return self.functions.get(key) or self._compile_rules(key, traced=False)

    def traced_function(self, key: Hashable) -> Decide:
        """The traced form of the rule at table ``key`` (see ``call_traced``)."""
        return self.traced.get(key) or self._compile_rules(key, traced=True)

    def call_traced(self, decide: Decide, target, creds, tracer) -> bool:
        """Run a traced function, sending its events to ``tracer``."""
        local = self._tracing
        previous = getattr(local, "tracer", None)
        local.tracer = tracer
        try:
            return decide(target, creds)
        finally:
            local.tracer = previous

    # -- compiling ---------------------------------------------------------------------

    def compile(self, check: ast.Check, traced: bool = False) -> Decide:
        """The decide function of one tree; ``rule:`` references bind to this table."""
        return self._compile_tree(check, traced, frozenset())

    def _compile_rules(self, root: Hashable, traced: bool) -> Decide:
        """Compile ``root`` and every rule it reaches that is not compiled yet; ``root``'s function."""
        functions = self.traced if traced else self.functions
        with self._lock:
            graph: dict[Hashable, list] = {}
            pending = [root]
            while pending:
                key = pending.pop()
                if key in graph or key in functions:
                    continue
                graph[key] = [succ for succ in self._references_of(key) if succ not in functions]
                pending.extend(graph[key])
            for component in strongly_connected(graph):  # referenced components come first
                members = frozenset(component)
                cyclic = len(component) > 1 or component[0] in graph[component[0]]
                raises = any(self._has_key_error_leaf(self.checks[m]) or any(
                    self._raises_key_error.get(s, False) for s in self._references_of(m) if s not in members)
                    for m in component)
                self._raises_key_error.update(dict.fromkeys(component, raises))
                peers = members if cyclic else frozenset()
                compiled = {}
                for key in component:
                    try:
                        body = self._compile_tree(self.checks[key], traced, peers)
                    except RecursionError:
                        body = too_deep(key)
                    compiled[key] = self._guarded(key, body) if cyclic else body
                functions.update(compiled)  # a cycle is published whole: another thread may decide at once
            return functions[root]

    def _references_of(self, key: Hashable) -> list:
        found = self._successors.get(key)
        if found is None:
            found = self._successors[key] = [
                resolved for resolved in (self.resolve(name) for name in references(self.checks[key]))
                if resolved is not None]
        return found

    def _has_key_error_leaf(self, check: ast.Check) -> bool:
        """True when a leaf of ``check`` may raise a KeyError for ``rule:`` to turn into False."""
        custom = self.custom
        return any(isinstance(node, (ast.HttpCheck, ast.HttpsCheck))
                   or (custom and type(node) is ast.GenericCheck and node.kind in custom)
                   for node in check.walk())

    def _guarded(self, key: Hashable, body: Decide) -> Decide:
        local = self._active

        def guarded(target, creds):
            active = getattr(local, "stack", None)
            if active is None:
                active = local.stack = []
            if key in active:
                raise cycle_error(active[active.index(key):] + [key])
            active.append(key)
            try:
                return body(target, creds)
            finally:
                active.pop()

        return guarded

    def reset_guards(self) -> None:
        """Forget in-progress evaluations (after an error escaped mid-way in this thread)."""
        self._active.stack = []

    def _compile_tree(self, check: ast.Check, traced: bool, peers: frozenset) -> Decide:
        if isinstance(check, ast.RuleCheck):
            return self._compile_reference(check, traced, peers)
        if isinstance(check, ast.NotCheck):
            inner = self._compile_tree(check.rule, traced, peers)
            if traced:
                return traced_not(check, inner, self._tracing)
            return lambda target, creds: not inner(target, creds)
        if isinstance(check, (ast.AndCheck, ast.OrCheck)):
            parts = [self._compile_tree(rule, traced, peers) for rule in check.rules]
            if traced:
                return traced_and_or(check, parts, self._tracing)
            return _all_of(parts) if isinstance(check, ast.AndCheck) else _any_of(parts)
        if isinstance(check, ast.LeafCheck):
            leaf = self._compile_leaf(check)
        elif isinstance(check, ast.TrueCheck):
            leaf = _always
        elif isinstance(check, ast.FalseCheck):
            leaf = _never
        else:
            raise TypeError(f"not a policy check: {check!r}")
        return traced_leaf(check, leaf, self._tracing) if traced else leaf

    def _compile_leaf(self, leaf: ast.LeafCheck) -> Decide:
        """The one place a leaf becomes a function (``rule:`` leaves are references)."""
        text = str(leaf)
        if isinstance(leaf, ast.RoleCheck):
            return role_leaf(leaf.match, text)
        if isinstance(leaf, ast.HttpsCheck):
            return http_leaf("https", leaf.match, text, self.remote)
        if isinstance(leaf, ast.HttpCheck):
            return http_leaf("http", leaf.match, text, self.remote)
        factory = self.custom.get(leaf.kind) if self.custom else None
        if factory is not None:
            return factory(leaf.kind, leaf.match, text)
        return generic_leaf(leaf.kind, leaf.match, text)

    def _compile_reference(self, check: ast.RuleCheck, traced: bool, peers: frozenset) -> Decide:
        key = self.resolve(check.match)
        if key is None:
            target_rule = _never
        else:
            functions = self.traced if traced else self.functions
            if key in peers:  # on the cycle being compiled: not compiled yet, look it up when called
                def target_rule(target, creds):
                    return functions[key](target, creds)
            else:
                target_rule = functions.get(key) or self._compile_rules(key, traced)
            if self._raises_key_error.get(key, False):
                target_rule = _key_error_is_false(target_rule)
        if traced:
            return traced_reference(check, key, key != check.match, target_rule, self._tracing)
        return target_rule


def _key_error_is_false(target_rule: Decide) -> Decide:
    """oslo's RuleCheck: a KeyError while evaluating the referenced rule means False."""
    def key_error_is_false(target, creds):
        try:
            return target_rule(target, creds)
        except EvaluationError as exc:
            if exc.oslo_exception == "KeyError":
                return False
            raise

    return key_error_is_false


def _all_of(parts: list[Decide]) -> Decide:
    if len(parts) == 2:
        first, second = parts
        return lambda target, creds: first(target, creds) and second(target, creds)
    if len(parts) == 3:
        first, second, third = parts
        return lambda target, creds: first(target, creds) and second(target, creds) and third(target, creds)

    def all_of(target, creds):
        for part in parts:
            if not part(target, creds):
                return False
        return True

    return all_of


def _any_of(parts: list[Decide]) -> Decide:
    if len(parts) == 2:
        first, second = parts
        return lambda target, creds: first(target, creds) or second(target, creds)
    if len(parts) == 3:
        first, second, third = parts
        return lambda target, creds: first(target, creds) or second(target, creds) or third(target, creds)

    def any_of(target, creds):
        for part in parts:
            if part(target, creds):
                return True
        return False

    return any_of
