"""Personas for the analysis: a deployment's, or the standard set, grouped into classes.

The standard set (``--personas standard``) is what a Keystone token of each common
scope carries: roles with the implied roles Keystone's bootstrap sets up (admin →
manager → member → reader) expanded, the scope's ids, and the other keys of
``RequestContext.to_policy_values()``. Everyone lives in the domain ``default``; the
project personas share the project ``project-a``.

A persona **class** is a set of personas no rule of the policy can tell apart: the
same roles, the same scope kind, the same equalities between their ids (is the
user's domain the project's domain?), and the same values wherever the policy compares
a credential with a literal. Each id no rule names literally is replaced by its first
position among the persona's ids; two personas with the same canonical credentials are
decided identically for every action and every target relation, because targets are
built from each persona's own ids (``targets.relation_values``). A cloud with 100,000
users is then a few dozen columns, each with the number of users behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from policykit.analysis import targets
from policykit.analysis.bulk import bulk
from policykit.deployment.personas import Persona, personas_of
from policykit.errors import InputError
from policykit.policy import ast
from policykit.policy.credentials import policy_values
from policykit.policy.leaves import LITERAL, classify_kind
from policykit.suggest import suggest

IMPLIED = {"admin": ["admin", "manager", "member", "reader"], "manager": ["manager", "member", "reader"],
           "member": ["member", "reader"], "reader": ["reader"], "service": ["service"]}
STANDARD_DOMAIN = "default"
STANDARD_PROJECT = "project-a"
SERVICE_PROJECT = "service"

# (name, scope, role, description)
_STANDARD = (
    ("system-admin", "system", "admin", "admin on the system"),
    ("system-member", "system", "member", "member on the system"),
    ("system-reader", "system", "reader", "reader on the system"),
    ("domain-admin", "domain", "admin", "admin on domain default"),
    ("domain-manager", "domain", "manager", "manager on domain default"),
    ("domain-member", "domain", "member", "member on domain default"),
    ("domain-reader", "domain", "reader", "reader on domain default"),
    ("project-admin", "project", "admin", "admin on project-a"),
    ("project-manager", "project", "manager", "manager on project-a"),
    ("project-member", "project", "member", "member on project-a"),
    ("project-reader", "project", "reader", "reader on project-a"),
    ("service", "project", "service", "service user with role service on project service"),
    ("project-no-role", "project", None, "a user on project-a with no role there"),
    ("unscoped", "project", None, "an unscoped token (oslo.policy counts it as project scope)"),
)
PERSONA_SETS = ("standard",)


def standard_personas() -> list[Persona]:
    personas = []
    for name, scope, role, description in _STANDARD:
        roles = IMPLIED[role] if role else []
        values = {"roles": roles, "user_id": name, "user_domain_id": STANDARD_DOMAIN}
        if scope == "system":
            values["system_scope"] = "all"
        elif scope == "domain":
            values["domain_id"] = STANDARD_DOMAIN
        elif name != "unscoped":
            values["project_id"] = SERVICE_PROJECT if name == "service" else STANDARD_PROJECT
            values["project_domain_id"] = STANDARD_DOMAIN
        personas.append(Persona(name, description, policy_values(**values), name, scope))
    return personas


def personas_for(spec: str | None, deployment=None) -> list[Persona]:
    """``--personas``: ``standard`` or, with a deployment and no spec, the deployment's personas."""
    if spec in (None, "deployment") and deployment is not None:
        return deployment_personas(deployment)
    if spec in (None, "standard"):
        return standard_personas()
    close = suggest(spec, PERSONA_SETS + ("deployment",))
    raise InputError(f"unknown persona set {spec!r}", hint=f"did you mean {close}?" if close else
                     "use --personas standard, or give a deployment")


def deployment_personas(deployment) -> list[Persona]:
    """The deployment's personas (``policykit.deployment.personas.personas_of``)."""
    with bulk():
        return personas_of(deployment)


def select(personas: list[Persona], names: list[str]) -> list[Persona]:
    """Only the named personas; an unknown name is an error with a did-you-mean."""
    if not names:
        return personas
    by_name = {p.name: p for p in personas}
    chosen = []
    for name in names:
        if name not in by_name:
            close = suggest(name, list(by_name))
            raise InputError(f"unknown persona {name!r}", hint=f"did you mean {close}?" if close else
                             f"known personas: {', '.join(list(by_name)[:20])}")
        chosen.append(by_name[name])
    return chosen


# --- classes -------------------------------------------------------------------------


@dataclass
class PersonaClass:
    """Personas no rule of the policy can tell apart, decided once through ``representative``."""

    representative: Persona
    members: list[str] = field(default_factory=list)
    users: set = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.representative.name

    @property
    def count(self) -> int:
        return len(self.members)

    @property
    def label(self) -> str:
        others = self.count - 1
        return self.name if others == 0 else f"{self.name} (+{others})"

    def to_dict(self, members_shown: int = 50) -> dict:
        rep = self.representative
        return {"name": self.name, "label": self.label, "description": rep.description, "scope": rep.scope,
                "roles": list(rep.creds.get("roles") or []), "personas": self.count, "users": len(self.users),
                "members": self.members[:members_shown], "members_truncated": self.count > members_shown,
                "creds": _jsonable(rep.creds)}


def _jsonable(creds) -> dict:
    return {k: (list(v) if isinstance(v, (list, tuple, set)) else v) for k, v in creds.items()}


def policy_literals(policy) -> set | None:
    """Strings the policy compares credentials with literally; None when a match mixes text
    and substitution (``proj-%(id)s``), where ids cannot be renamed safely."""
    literals: set = {"None", "True", "False", targets.OTHER_PROJECT_ID, targets.OTHER_USER_ID,
                     targets.OTHER_DOMAIN_ID, targets.OTHER_DOMAIN_PROJECT_ID, targets.OTHER_DOMAIN_USER_ID,
                     targets.OTHER_DOMAIN_ID + "-2"}
    for check in policy.table.checks.values():
        for node in check.walk():
            if not isinstance(node, ast.LeafCheck) or isinstance(node, ast.RuleCheck):
                continue
            match = node.match
            if "%" in match:
                keys = targets.substituted_keys(match)
                if len(keys) != 1 or match not in (f"%({keys[0]})s",):
                    return None
            else:
                literals.add(match)
            if isinstance(node, ast.GenericCheck):
                mode, payload = classify_kind(node.kind)
                if mode == LITERAL:
                    literals.add(payload)
    return literals


def signature(creds, literals: set | None) -> tuple:
    """The canonical credentials: ids renamed by first position unless the policy names them."""
    if literals is None:
        return tuple(sorted((k, repr(v)) for k, v in creds.items()))
    roles = creds.get("roles")
    keep = set(roles) if isinstance(roles, list) else ()
    numbering: dict = {}
    parts = []
    # Called once per persona (100,000s in a large cloud): the loop stays plain.
    for key in sorted(creds):
        value = creds[key]
        if isinstance(value, str):
            if value not in literals and value not in keep:
                number = numbering.get(value)
                if number is None:
                    number = numbering[value] = len(numbering)
                value = ("#", number)
        elif isinstance(value, (list, dict, set)):
            value = repr(value)
        parts.append((key, value))
    # the own target's ids (``targets.home_of``), in the same numbering
    domain = str(creds.get("domain_id") or creds.get("project_domain_id") or creds.get("user_domain_id")
                 or "default")
    own_project = creds.get("project_id") or f"project-in-{domain}"
    for derived in (own_project, domain, str(creds.get("user_id") or "user")):
        if derived not in literals and derived not in keep:
            number = numbering.get(derived)
            if number is None:
                number = numbering[derived] = len(numbering)
            derived = ("#", number)
        parts.append(("#home", derived))
    return tuple(parts)


def persona_classes(policies, personas: list[Persona]) -> list[PersonaClass]:
    """Group personas that every policy in ``policies`` decides alike (first-seen order)."""
    literal_sets = [policy_literals(p) for p in policies]
    literals = None if any(s is None for s in literal_sets) else set().union(*literal_sets)
    with bulk():
        return _group(personas, literals)


def _group(personas: list[Persona], literals: set | None) -> list[PersonaClass]:
    classes: dict[tuple, PersonaClass] = {}
    for persona in personas:
        key = signature(persona.creds, literals)
        group = classes.get(key)
        if group is None:
            group = classes[key] = PersonaClass(persona)
        group.members.append(persona.name)
        group.users.add(persona.creds.get("user_id"))
    return list(classes.values())


__all__ = ["PersonaClass", "persona_classes", "personas_for", "select", "signature", "standard_personas",
           "policy_literals", "deployment_personas", "IMPLIED"]
