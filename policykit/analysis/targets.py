"""Targets: the object an action is asked about, seen from one persona.

A service builds the target of an action from the resource it touches (nova: the
server's ``project_id`` and ``user_id``; keystone: ``target.user.domain_id`` …; neutron:
``network:project_id`` for a port on someone's network). Which keys matter is written in
the rule itself: every ``%(key)s`` the action's rule substitutes — following ``rule:``
references and the default-rule fallback exactly as the engine resolves them. Each key
is given a meaning (a project, a user or a domain) from its name, or else from the
credential it is compared with (``project_id:%(member_id)s`` → a project), and filled
for one of three relations between the persona and the resource:

* ``own``           the persona's own project, user and domain;
* ``other-project`` another project (and another user) in the persona's domain;
* ``other-domain``  a project, user and domain of another domain.

A create action reads as the service calls it: the new resource's project is the
caller's own project (``own``) or one named in the request (the other two). A key with
no known meaning (glance's ``%(visibility)s``) is left out of the target — oslo then
finds the key missing and that check is False — and named in ``describe_targets`` so
the output says so; a service profile may give such keys values (``extra``).

Ids of the "other" relations are fixed, readable strings that no Keystone id looks like
(Keystone ids are 32 hex digits; the domain ``default`` is the only named one).
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any, Hashable, Mapping

from policykit.policy import ast

PROJECT, USER, DOMAIN, UNKNOWN = "project", "user", "domain", "unknown"
OWN, OTHER_PROJECT, OTHER_DOMAIN = "own", "other-project", "other-domain"
RELATIONS = (OWN, OTHER_PROJECT, OTHER_DOMAIN)

OTHER_PROJECT_ID = "other-project"
OTHER_USER_ID = "other-user"
OTHER_DOMAIN_ID = "other-domain"
OTHER_DOMAIN_PROJECT_ID = "project-in-other-domain"
OTHER_DOMAIN_USER_ID = "user-in-other-domain"

_SUBSTITUTION = re.compile(r"%(?:%|\(([^)]*)\))")

# What a credential means when a target key is compared with it (the left side of
# ``kind:%(key)s``) — used only when the key's own name says nothing.
_CREDENTIAL_MEANING = {
    "project_id": PROJECT, "tenant_id": PROJECT, "tenant": PROJECT, "service_project_id": PROJECT,
    "user_id": USER, "service_user_id": USER, "token.user_id": USER, "token.user.id": USER,
    "domain_id": DOMAIN, "user_domain_id": DOMAIN, "project_domain_id": DOMAIN,
    "token.domain.id": DOMAIN, "token.project.domain.id": DOMAIN, "token.user.domain.id": DOMAIN,
}


@dataclass(frozen=True)
class TargetKey:
    """One key an action's rule substitutes, what it stands for, and the leaves using it."""

    name: str
    meaning: str  # project | user | domain | unknown
    checks: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"key": self.name, "meaning": self.meaning, "checks": list(self.checks)}


def key_meaning(key: str, credential: str | None = None) -> str:
    """project, user, domain or unknown for a target key (``credential``: the creds path it is compared with)."""
    parts = [p for p in re.split(r"[.:]", key.lower()) if p]
    last = parts[-1] if parts else ""
    owner = parts[-2] if len(parts) > 1 else ""
    if last.endswith("domain_id") or (last == "id" and owner == "domain") or last == "domain":
        return DOMAIN
    if last.endswith("user_id") or (last == "id" and owner == "user"):
        return USER
    if last.endswith(("project_id", "tenant_id")) or last in ("tenant", "owner") or (
            last == "id" and owner in ("project", "tenant")):
        return PROJECT
    if credential is not None:
        return _CREDENTIAL_MEANING.get(credential, UNKNOWN)
    return UNKNOWN


def substituted_keys(match: str) -> list[str]:
    """The target keys ``match % target`` looks up (``%%`` is a literal percent)."""
    return [m.group(1) for m in _SUBSTITUTION.finditer(match) if m.group(1) is not None]


def _reached_checks(policy, action: Hashable) -> list[ast.Check]:
    """The trees evaluating ``action`` can reach: its rule (or the default) and every ``rule:`` it names."""
    table = policy.table
    start = table.resolve(action)
    if start is None:
        return []
    seen = {start}
    queue = [start]
    trees = []
    while queue:
        key = queue.pop()
        check = table.checks[key]
        trees.append(check)
        for node in check.walk():
            if isinstance(node, ast.RuleCheck):
                ref = table.resolve(node.match)
                if ref is not None and ref not in seen:
                    seen.add(ref)
                    queue.append(ref)
    return trees


_KEYS_CACHE: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()


def target_keys(policy, action: Hashable) -> tuple[TargetKey, ...]:
    """Every target key the rule of ``action`` substitutes, in first-use order, with its meaning."""
    cache = _KEYS_CACHE.setdefault(policy, {})
    keys = cache.get(action)
    if keys is not None:
        return keys
    found: dict[str, tuple[str, list[str]]] = {}
    for tree in _reached_checks(policy, action):
        for node in tree.walk():
            if not isinstance(node, ast.LeafCheck) or isinstance(node, ast.RuleCheck) or "%" not in node.match:
                continue
            credential = node.kind if isinstance(node, ast.GenericCheck) else None
            for name in substituted_keys(node.match):
                meaning = key_meaning(name, credential)
                if name in found:
                    previous, checks = found[name]
                    if previous == UNKNOWN and meaning != UNKNOWN:
                        found[name] = (meaning, checks)
                    found[name][1].append(str(node))
                else:
                    found[name] = (meaning, [str(node)])
    keys = tuple(TargetKey(name, meaning, tuple(dict.fromkeys(checks))) for name, (meaning, checks) in found.items())
    cache[action] = keys
    return keys


@dataclass(frozen=True)
class Home:
    """Where a persona belongs: its user, its project (None if not project-scoped), its domain."""

    user_id: str
    project_id: str | None
    domain_id: str


def home_of(creds: Mapping) -> Home:
    """The persona's own user, project and domain as its token states them.

    The domain is the scope's domain (``domain_id`` for a domain token, the project's
    domain for a project token), else the user's domain.
    """
    domain = creds.get("domain_id") or creds.get("project_domain_id") or creds.get("user_domain_id") or "default"
    return Home(str(creds.get("user_id") or "user"), creds.get("project_id") or None, str(domain))


def relation_values(creds: Mapping, relation: str) -> dict[str, str]:
    """The project, user and domain a resource in ``relation`` to this persona belongs to."""
    home = home_of(creds)
    if relation == OWN:
        # Without a project in the token, "own" is a project of the persona's domain.
        return {PROJECT: home.project_id or f"project-in-{home.domain_id}", USER: home.user_id,
                DOMAIN: home.domain_id}
    if relation == OTHER_PROJECT:
        return {PROJECT: OTHER_PROJECT_ID, USER: OTHER_USER_ID, DOMAIN: home.domain_id}
    if relation == OTHER_DOMAIN:
        domain = OTHER_DOMAIN_ID if home.domain_id != OTHER_DOMAIN_ID else OTHER_DOMAIN_ID + "-2"
        return {PROJECT: OTHER_DOMAIN_PROJECT_ID, USER: OTHER_DOMAIN_USER_ID, DOMAIN: domain}
    raise ValueError(f"unknown relation {relation!r} (one of {', '.join(RELATIONS)})")


def resolved_keys(policy, action: Hashable, hints: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(key, meaning) for every key with a known meaning; ``hints`` (target key → the creds
    key a service profile says it is filled from) give a meaning to keys whose name has none."""
    result = []
    for key in target_keys(policy, action):
        meaning = key.meaning
        if meaning == UNKNOWN and hints and key.name in hints:
            meaning = _CREDENTIAL_MEANING.get(hints[key.name], UNKNOWN)
        if meaning != UNKNOWN:
            result.append((key.name, meaning))
    return result


def build_target(policy, action: Hashable, creds: Mapping, relation: str,
                 extra: Mapping[str, Any] | None = None, hints: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The flat target the service would pass when ``creds`` acts on a resource in ``relation``.

    ``hints``: target key → creds key, from the service profile (see ``resolved_keys``).
    ``extra``: fixed values for keys; they win over the relation's values.
    """
    values = relation_values(creds, relation)
    target: dict[str, Any] = {name: values[meaning] for name, meaning in resolved_keys(policy, action, hints)}
    if extra:
        target.update(extra)
    return target


def describe_targets() -> list[dict]:
    """The three relations in words, for every output format."""
    return [
        {"relation": OWN, "label": "own",
         "description": "the persona's own project, user and domain (a persona without a project: "
                        "a project of its domain)"},
        {"relation": OTHER_PROJECT, "label": "other project",
         "description": f"another project ({OTHER_PROJECT_ID}) and user ({OTHER_USER_ID}) in the persona's domain"},
        {"relation": OTHER_DOMAIN, "label": "other domain",
         "description": f"a project ({OTHER_DOMAIN_PROJECT_ID}) and user ({OTHER_DOMAIN_USER_ID}) "
                        f"of another domain ({OTHER_DOMAIN_ID})"},
    ]


def unknown_keys(policy, action: Hashable) -> list[str]:
    """Keys the rule substitutes with no known meaning: left out of every target (their checks are False)."""
    return [key.name for key in target_keys(policy, action) if key.meaning == UNKNOWN]


__all__ = ["RELATIONS", "OWN", "OTHER_PROJECT", "OTHER_DOMAIN", "TargetKey", "Home", "build_target", "resolved_keys",
           "describe_targets", "home_of", "key_meaning", "relation_values", "substituted_keys", "target_keys",
           "unknown_keys"]
