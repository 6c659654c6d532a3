"""Compile check trees into plain closures, once; a decision is then a few dict look-ups.

``RuleTable`` holds the compiled form of a whole rule set. Everything oslo.policy works
out again on every call is settled here up front:

* ``rule:NAME`` references are resolved when compiling: to NAME's function, to the
  default rule's function when NAME is undefined (oslo's ``Rules.__missing__``), or to
  a constant False when neither exists. A reference outside any cycle costs nothing at
  run time: the caller's closure calls the referenced rule's function directly.
* Reference cycles (``a: rule:b``, ``b: rule:a``, or a default rule pointing at an
  undefined name) are found with Tarjan's algorithm. Only rules on a cycle get a guard
  that notices re-entry; re-entering a rule while evaluating it repeats the same
  evaluation forever, which oslo.policy ends with ``TypeError('unsupported callable')``
  (a wrapped RecursionError). policykit raises ``EvaluationError`` instead.
* oslo's RuleCheck turns any KeyError raised while evaluating the referenced rule into
  False; only ``http:``/``https:`` leaves can raise one (their URL substitution does not
  catch it), so only references that can reach such a leaf are wrapped to do the same.

A compiled function has the signature ``decide(target, creds) -> bool`` and always
returns a real bool, as oslo's and/or/not do and its built-in leaves do.
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Hashable, Mapping

from policykit.errors import EvaluationError
from policykit.policy import ast
from policykit.policy.leaves import generic_leaf, http_leaf, role_leaf

Decide = Callable[[Any, Any], bool]
DEFAULT_CHECK = ("<default rule>",)  # table key of a default rule given as a check object


def _always(target, creds):
    return True


def _never(target, creds):
    return False


def references(check: ast.Check) -> list[str]:
    return [node.match for node in check.walk() if isinstance(node, ast.RuleCheck)]


def has_remote_leaf(check: ast.Check) -> bool:
    return any(isinstance(node, (ast.HttpCheck, ast.HttpsCheck)) for node in check.walk())


def strongly_connected(graph: Mapping[Hashable, list]) -> list[list]:
    """Tarjan's SCCs, iterative; each component comes after every component it reaches."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    components: list[list] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = counter
                    counter += 1
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(graph[succ])))
                    advanced = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def cycle_error(path: list) -> EvaluationError:
    shown = " → ".join("rule:" + str(name) if name is not DEFAULT_CHECK else "<default rule>" for name in path)
    return EvaluationError(
        f"rule reference cycle: {shown}; the rule is re-entered while evaluating itself, so "
        "oslo.policy recurses without end and raises TypeError (unsupported callable)",
        oslo_exception="TypeError",
    )


def too_deep(key) -> Decide:
    """The function of a tree too deep to compile: oslo cannot evaluate it either."""
    def too_deep_to_evaluate(target, creds):
        raise EvaluationError(
            f"rule {key!r} is nested too deeply to evaluate; oslo.policy fails on it too "
            "(RecursionError, or TypeError: unsupported callable)", oslo_exception="RecursionError")
    return too_deep_to_evaluate


class RuleTable:
    """A compiled rule set: name → decide function, with oslo's default-rule fallback."""

    def __init__(self, rules: Mapping[str, ast.Check], default_rule: str | ast.Check | None = "default",
                 remote=None, custom: Mapping[str, Any] | None = None):
        self.checks: dict[Hashable, ast.Check] = dict(rules)
        self.remote = remote
        # A service's own check kinds (kind -> factory), compiled in place of the generic leaf.
        self.custom: Mapping[str, Any] = dict(custom or {})
        self.load_errors: list[EvaluationError] = []  # rules the service's checks refuse to load
        if isinstance(default_rule, ast.Check):
            self.checks[DEFAULT_CHECK] = default_rule
            self.default_key: Hashable | None = DEFAULT_CHECK
        elif default_rule and default_rule in rules:  # oslo: a named default counts only if defined
            self.default_key = default_rule
        else:
            self.default_key = None
        self._active = threading.local()
        self.functions: dict[Hashable, Decide] = {}
        self._compile_all()

    # -- name resolution ---------------------------------------------------------------

    def resolve(self, name: Hashable) -> Hashable | None:
        """The table key a ``rule:name`` reference evaluates (None: fail closed)."""
        return name if name in self.checks and name is not DEFAULT_CHECK else self.default_key

    def function_for(self, name: Hashable) -> Decide | None:
        key = self.resolve(name)
        return None if key is None else self.functions[key]

    # -- compiling ---------------------------------------------------------------------

    def _compile_all(self) -> None:
        graph = {key: [r for r in (self.resolve(ref) for ref in references(check)) if r is not None]
                 for key, check in self.checks.items()}
        self._remote_reachable: dict[Hashable, bool] = {}
        self._cyclic_peers: frozenset = frozenset()
        for component in strongly_connected(graph):
            members = set(component)
            cyclic = len(component) > 1 or component[0] in graph[component[0]]
            self._remote_reachable.update(dict.fromkeys(component, any(
                has_remote_leaf(self.checks[m]) or self._has_custom_leaf(self.checks[m]) or any(self._remote_reachable.get(s, False)
                                                       for s in graph[m] if s not in members)
                for m in component)))
            self._cyclic_peers = frozenset(members) if cyclic else frozenset()
            for key in component:
                try:
                    body = self.compile(self.checks[key])
                except RecursionError:
                    body = too_deep(key)
                self.functions[key] = self._guarded(key, body) if cyclic else body
        self._cyclic_peers = frozenset()

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

    def compile(self, check: ast.Check) -> Decide:
        """The decide function of one tree; ``rule:`` references bind to this table."""
        if isinstance(check, ast.LeafCheck):
            return self._compile_leaf(check)
        if isinstance(check, ast.TrueCheck):
            return _always
        if isinstance(check, ast.FalseCheck):
            return _never
        if isinstance(check, ast.NotCheck):
            inner = self.compile(check.rule)
            return lambda target, creds: not inner(target, creds)
        if isinstance(check, ast.AndCheck):
            return _all_of([self.compile(rule) for rule in check.rules])
        if isinstance(check, ast.OrCheck):
            return _any_of([self.compile(rule) for rule in check.rules])
        raise TypeError(f"not a policy check: {check!r}")

    def _compile_leaf(self, leaf: ast.LeafCheck) -> Decide:
        text = str(leaf)
        if isinstance(leaf, ast.RuleCheck):
            return self._compile_reference(leaf.match)
        if isinstance(leaf, ast.RoleCheck):
            return role_leaf(leaf.match, text)
        if isinstance(leaf, ast.HttpsCheck):
            return http_leaf("https", leaf.match, text, self.remote)
        if isinstance(leaf, ast.HttpCheck):
            return http_leaf("http", leaf.match, text, self.remote)
        factory = self.custom.get(leaf.kind) if self.custom else None
        if factory is not None:
            decide = factory(leaf.kind, leaf.match, text)
            load_error = getattr(decide, "load_error", None)
            if load_error is not None and load_error not in self.load_errors:
                self.load_errors.append(load_error)
            return decide
        return generic_leaf(leaf.kind, leaf.match, text)

    def _has_custom_leaf(self, check: ast.Check) -> bool:
        # A service's check may raise KeyError (nova's creds['is_admin']), which a rule:
        # reference turns into False as it does for http: leaves.
        return bool(self.custom) and any(type(node) is ast.GenericCheck and node.kind in self.custom
                                         for node in check.walk())

    def _compile_reference(self, name: str) -> Decide:
        key = self.resolve(name)
        if key is None:
            return _never
        functions = self.functions
        if key in self._cyclic_peers:  # not compiled yet: look it up when called
            def target_rule(target, creds):
                return functions[key](target, creds)
        else:
            target_rule = functions[key]
        if not self._remote_reachable.get(key, False):
            return target_rule

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
