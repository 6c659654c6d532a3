"""The public Policy API: a rule set, compiled once, deciding as oslo.policy's Enforcer does.

    >>> from policykit import Policy, parse_rule
    >>> policy = Policy.from_dict({"admin": "role:admin", "default": "rule:admin"})
    >>> policy.enforce("admin", {}, {"roles": ["Admin"]})
    True
    >>> policy.enforce("anything:else", {}, {"roles": ["member"]})  # falls back to "default"
    False
    >>> policy.enforce(parse_rule("role:member or rule:admin"), {}, {"roles": ["member"]})
    True

``enforce(rule, target, creds)`` gives the decision ``Enforcer.enforce(rule, target,
creds)`` gives for an enforcer holding the same rules (``oslo_policy.policy.Enforcer``):
a ``str`` rule is a *name* (never parsed; unknown names use the default rule), anything
else must be a check from ``parse_rule``. Registered defaults are laid under the file
rules as oslo does (``Enforcer.load_rules``, ``_handle_deprecated_rule``) and their ``scope_types`` are checked when they are
enforced by name (``Enforcer.enforce``). Where oslo raises, ``EvaluationError`` is raised, naming the
exception oslo would raise. The caller's creds are never modified.
"""

from __future__ import annotations

import gc
from collections import ChainMap
from collections.abc import MutableMapping
from typing import Any, Iterable, Mapping

from policykit.errors import EvaluationError
from policykit.policy import ast
from policykit.policy.defaults import RegisteredDefault
from policykit.policy.engine import RuleTable, too_deep
from policykit.policy.parser import parse_rule
from policykit.policy.remote import RemoteCheckOptions, RemoteChecks
from policykit.policy.trace import Request, Tracer

__all__ = ["Policy", "load_policy", "effective_rules", "token_scope", "policy_creds"]

_COMPILED_CACHE_LIMIT = 512


def token_scope(creds: Mapping) -> str:
    """oslo's token scope: system, else domain, else project (unscoped counts as project)."""
    if creds.get("system"):
        return "system"
    if creds.get("domain_id"):
        return "domain"
    return "project"


def policy_creds(creds: Any) -> Mapping:
    """The creds oslo evaluates: ``system`` copied from ``system_scope`` — on a private view."""
    if type(creds) is dict:
        system_scope = creds.get("system_scope")
        return {**creds, "system": system_scope} if system_scope else creds
    if not isinstance(creds, MutableMapping):
        to_policy_values = getattr(creds, "to_policy_values", None)
        if not callable(to_policy_values):
            raise EvaluationError(
                f"creds must be a mutable mapping (a dict) or an oslo.context RequestContext, "
                f"got {type(creds).__name__} (oslo.policy raises InvalidContextObject here)",
                oslo_exception="InvalidContextObject",
            )
        return policy_creds(dict(to_policy_values()))
    system_scope = creds.get("system_scope")
    return ChainMap({"system": system_scope}, creds) if system_scope else creds


def registered_check(default: RegisteredDefault, file_rules: Mapping[str, ast.Check],
                     enforce_new_defaults: bool) -> ast.Check:
    """The check oslo enforces for a registered default the files do not override (``_handle_deprecated_rule``)."""
    new = parse_rule(default.check_str)
    if default.deprecated_name is None or default.deprecated_check_str is None:
        return new
    old = parse_rule(default.deprecated_check_str)
    if default.deprecated_name != default.name and default.deprecated_name in file_rules:
        carried = file_rules[default.deprecated_name]
        if carried != old and str(carried) != f"rule:{default.name}" and default.name not in file_rules:
            return carried
    if (not enforce_new_defaults and default.deprecated_check_str != default.check_str
            and default.name not in file_rules):
        return ast.OrCheck([new, old])
    return new


def _registered_list(registered) -> list[RegisteredDefault]:
    rules = getattr(registered, "rules", None)  # a DefaultsSet
    if isinstance(rules, Mapping):
        return list(rules.values())
    return list(registered or ())


def effective_rules(file_rules: Mapping[str, ast.Check], registered: Iterable[RegisteredDefault] = (),
                    enforce_new_defaults: bool = True) -> dict[str, ast.Check]:
    """File rules, then every registered default they leave out (file rules always win)."""
    rules = dict(file_rules)
    for default in registered:
        if default.name not in rules:
            rules[default.name] = registered_check(default, file_rules, enforce_new_defaults)
    return rules


class Policy:
    """A compiled rule set. Build it with ``Policy.from_dict`` or ``load_policy``."""

    def __init__(self, rules: Mapping[str, ast.Check], default_rule: str | ast.Check | None = "default", *,
                 registered=(), enforce_new_defaults: bool = True,
                 remote_checks: bool | RemoteCheckOptions = False, document=None,
                 checks: Mapping[str, Any] | None = None):
        registered_list = _registered_list(registered)
        # A loaded document's own table is used as it is (it never changes); a caller's is copied.
        self.file_rules: dict[str, ast.Check] = (
            rules if document is not None and rules is getattr(document, "rules", None) else dict(rules))
        self.registered: dict[str, RegisteredDefault] = {d.name: d for d in registered_list}
        # With no registered defaults the effective rules are the file's: one table, not a copy
        # (none of these tables changes once built).
        self.rules: dict[str, ast.Check] = (
            effective_rules(self.file_rules, registered_list, enforce_new_defaults) if registered_list
            else self.file_rules)
        self.default_rule = default_rule
        self.enforce_new_defaults = enforce_new_defaults
        self.document = document
        self._scope_types = {d.name: tuple(d.scope_types) for d in registered_list if d.scope_types}
        if remote_checks:
            options = remote_checks if isinstance(remote_checks, RemoteCheckOptions) else None
            self.remote: RemoteChecks | None = RemoteChecks(options)
        else:
            self.remote = None
        # A service's own check kinds (kind -> factory(kind, match, text) -> decide), as
        # oslo_policy.policy.register adds them; compiled in place of the generic leaf.
        self.checks: dict[str, Any] = dict(checks or {})
        self.table = RuleTable(self.rules, default_rule, self.remote, self.checks)  # compiled on first use
        self._functions = self.table.functions  # the fast path's first look-up: name → compiled rule
        if self.table.load_errors:  # the service refuses to load a rule: every decision raises, as in oslo
            self.enforce = self.trace = self._refuse
        self._compiled: dict[int, tuple[ast.Check, Any]] = {}
        self._traced_checks: dict[int, tuple[ast.Check, Any]] = {}

    @classmethod
    def from_dict(cls, rules: Mapping[str, Any], default_rule: str | ast.Check | None = "default", **options) -> "Policy":
        """Rules as oslo's ``Rules.from_dict`` takes them: name → rule string (or list syntax)."""
        return cls({name: parse_rule(value) for name, value in rules.items()}, default_rule, **options)

    # -- look-ups ----------------------------------------------------------------------

    def resolve(self, name: str) -> tuple[str | None, bool]:
        """(the rule a name evaluates, whether that is the default rule standing in for it)."""
        key = self.table.resolve(name)
        if key is None:
            return None, False
        label = key if isinstance(key, str) else "<default rule>"
        return label, key != name

    def scope_types(self, name: str) -> tuple[str, ...] | None:
        return self._scope_types.get(name)

    # -- deciding ----------------------------------------------------------------------

    def enforce(self, rule: str | ast.Check, target: Mapping, creds: Mapping) -> bool:
        creds = policy_creds(creds)
        if type(rule) is str or not isinstance(rule, ast.Check):  # a name (oslo accepts any dict key)
            decide = self._functions.get(rule)  # a defined rule decided before: compiled already
            if decide is None:
                if not self.rules:
                    return False
                decide = self.table.function_for(rule)  # compiles on first use; falls back to the default
                if decide is None:
                    return False
            scope_types = self._scope_types.get(rule)
            if scope_types and token_scope(creds) not in scope_types:
                return False
        else:
            scope_types = getattr(rule, "scope_types", None)
            if scope_types and token_scope(creds) not in scope_types:
                return False
            decide = self.compiled(rule)
            rule = None
        if self.remote is not None:
            self.remote.current_rule = rule
        try:
            return decide(target, creds)
        except RecursionError:
            self.table.reset_guards()
            raise _too_deep() from None

    def _refuse(self, *args, **kwargs):
        raise self.table.load_errors[0]

    def trace(self, rule: str | ast.Check, target: Mapping, creds: Mapping, tracer: Tracer) -> bool:
        """``enforce``, telling ``tracer`` what is evaluated (``policykit.policy.trace``).

        The same decision, the same exceptions: the name resolves through the same table,
        the same scope check runs, and the rule's traced form is compiled from the same
        leaves and references as the plain one.
        """
        creds = policy_creds(creds)
        if type(rule) is str or not isinstance(rule, ast.Check):
            if not self.rules:
                tracer.begin(Request(rule, None, outcome="no-rules", creds=creds))
                return False
            key = self.table.resolve(rule)
            if key is None:
                tracer.begin(Request(rule, None, outcome="no-default", creds=creds))
                return False
            check, label, fell_back = self.table.checks[key], key if isinstance(key, str) else "<default rule>", key != rule
            scope_types = self._scope_types.get(rule)
            decide = self.table.traced_function(key)
        else:
            check, key, label, fell_back = rule, None, None, False
            scope_types = getattr(rule, "scope_types", None)
            decide = self.compiled(rule, traced=True)
            rule = None
        scope = token = outcome = None
        if scope_types:
            scope, token = tuple(scope_types), token_scope(creds)
            outcome = None if token in scope_types else "scope-denied"
        tracer.begin(Request(rule, check, key, label, fell_back, scope, token, outcome, creds))
        if outcome is not None:
            return False
        if self.remote is not None:
            self.remote.current_rule = rule
        try:
            return self.table.call_traced(decide, target, creds, tracer)
        except RecursionError:
            self.table.reset_guards()
            raise _too_deep() from None

    def compiled(self, check: ast.Check, traced: bool = False):
        """The decide function of a check object (compiled once per object, then cached)."""
        cache = self._traced_checks if traced else self._compiled
        entry = cache.get(id(check))
        if entry is not None and entry[0] is check:
            return entry[1]
        if len(cache) >= _COMPILED_CACHE_LIMIT:
            cache.clear()
        try:
            decide = self.table.compile(check, traced)
        except RecursionError:
            decide = too_deep("<check>")
        cache[id(check)] = (check, decide)
        return decide

    def explain(self, rule: str | ast.Check, target: Mapping, creds: Mapping):
        """The decision with the evaluated tree: see ``policykit.policy.explain``."""
        from policykit.policy.explain import explain

        return explain(self, rule, target, creds)

    def __contains__(self, name: object) -> bool:
        return name in self.rules

    def __len__(self) -> int:
        return len(self.rules)

    def __repr__(self) -> str:
        return f"<Policy {len(self.rules)} rules, default_rule={self.default_rule!r}>"


def _too_deep() -> EvaluationError:
    return EvaluationError(
        "the rule is nested too deeply to evaluate; oslo.policy fails on it too "
        "(RecursionError, or TypeError: unsupported callable)", oslo_exception="RecursionError")


def load_policy(path, policy_dirs=(), default_rule: str | ast.Check | None = "default", **options) -> Policy:
    """A policy file (plus ``policy_dirs`` overrides, as oslo merges them) as a ``Policy``.

    Bad input (missing file, YAML/JSON syntax error, a rule value oslo cannot read)
    raises ``InputError`` with path:line:col.
    """
    from policykit.policy.document import load_policy_document

    # Loading builds a few objects per rule that all stay alive; left running, the cyclic
    # collector walks that growing heap again and again (a 100k-rule file loads 2.5x
    # slower). Paused while loading, restored after; nothing is lost, only collected later.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = load_policy_document(path, policy_dirs=policy_dirs)
    finally:
        if collecting:
            gc.enable()
    return Policy(document.rules, default_rule, document=document, **options)
