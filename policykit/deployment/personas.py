"""Personas: the credentials a token of one user on one scope carries.

A persona is built from the role assignments of one user on one scope (a project, a
domain or the system); every assignment yields a persona, and assignments of the same
user on the same scope share one, because a Keystone token carries all of them.
``creds`` has exactly the keys ``oslo_context.RequestContext.to_policy_values()``
produces, as keystonemiddleware fills them from a validated token: roles include every
implied role (Keystone expands them into the token), ``is_admin_project`` is True (the
value oslo.context and keystonemiddleware use when ``[resource] admin_project_name`` is
not configured), and the ``service_*`` keys are empty (no service token). A disabled
user, project or domain gets no persona: Keystone issues no token for it.

Names: ``user@project`` for project scope, ``user@domain:NAME`` for domain scope and
``user@system`` for system scope. When two personas would share a name (the same user or
project name in two domains), the clashing parts are qualified with their domain:
``alice/Default@demo/customers``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from policykit.deployment.model import Assignment, Deployment, Identity, Project, User
from policykit.errors import InputError
from policykit.findings import Location
from policykit.suggest import suggest


@dataclass(frozen=True)
class Persona:
    name: str
    description: str
    creds: dict = field(compare=False)
    user: str = ""
    scope: str = ""  # "project" | "domain" | "system"
    locations: tuple[Location, ...] = field(default=(), compare=False)


class _Index:
    """The identity look-ups personas need, answered from dictionaries built once.

    Same answers as ``Identity.find_*`` (names first, then ids; users and projects
    filtered by domain), so a cloud with 100,000 users costs linear time, not quadratic.
    """

    def __init__(self, identity: Identity):
        self.identity = identity
        self.domains = {d.id: d for d in identity.domains}
        self._domain = _first_by(identity.domains)
        self._role = _first_by(identity.roles)
        self._users = _all_by(identity.users)
        self._projects = _all_by(identity.projects)
        self._implied: dict[str, list[str]] = {}

    def domain(self, ref):
        if ref is None:
            return None
        return self._domain[0].get(ref) or self._domain[1].get(ref)

    def role(self, ref):
        return self._role[0].get(ref) or self._role[1].get(ref)

    def _find(self, index, ref, domain):
        by_name, by_id = index
        if domain is None:  # the common case: no domain to filter by (the lists are only read)
            return by_name.get(ref) or by_id.get(ref) or []
        wanted = self.domain(domain)
        if wanted is None:
            return []
        for table in (by_name, by_id):
            found = [i for i in table.get(ref, ()) if i.domain_id == wanted.id]
            if found:
                return found
        return []

    def users(self, ref, domain=None):
        return self._find(self._users, ref, domain)

    def projects(self, ref, domain=None):
        return self._find(self._projects, ref, domain)

    def implied_roles(self, name: str) -> list[str]:
        if name not in self._implied:
            self._implied[name] = self.identity.implied_roles(name)
        return self._implied[name]


def _first_by(items) -> tuple[dict, dict]:
    by_name: dict = {}
    by_id: dict = {}
    for item in items:
        by_name.setdefault(item.name, item)
        by_id.setdefault(item.id, item)
    return by_name, by_id


def _all_by(items) -> tuple[dict, dict]:
    by_name: dict = {}
    by_id: dict = {}
    for item in items:
        by_name.setdefault(item.name, []).append(item)
        by_id.setdefault(item.id, []).append(item)
    return by_name, by_id


def _resolve_assignment(index: _Index, assignment: Assignment):
    """(user, project|None, domain|None) or None when something it names is unknown or ambiguous."""
    users = index.users(assignment.user, assignment.user_domain)
    if len(users) != 1 or index.role(assignment.role) is None:
        return None
    if (assignment.project is not None) + (assignment.domain is not None) + (assignment.system is not None) != 1:
        return None
    if assignment.project is not None:
        projects = index.projects(assignment.project, assignment.project_domain)
        if len(projects) != 1 or projects[0].domain_id is None:
            return None
        return users[0], projects[0], None
    if assignment.domain is not None:
        domain = index.domain(assignment.domain)
        return (users[0], None, domain) if domain else None
    return (users[0], None, None) if assignment.system == "all" else None


def _can_get_a_token(index: _Index, user: User, project: Project | None, domain) -> bool:
    """Keystone issues no token to a disabled user, nor for a disabled project or domain."""
    domains = index.domains
    owners = [user.domain_id] + ([project.domain_id] if project else [])
    if not user.enabled or (project is not None and not project.enabled) or (domain is not None and not domain.enabled):
        return False
    return all(domains[o].enabled for o in owners if o in domains)


def _scope_key(user: User, project: Project | None, domain) -> tuple:
    return (user.id, project.id if project else None, domain.id if domain else None)


def personas_of(deployment: Deployment) -> list:
    identity = deployment.identity
    index = _Index(identity)
    grouped: dict[tuple, dict] = {}
    for assignment in identity.assignments:
        resolved = _resolve_assignment(index, assignment)
        if resolved is None:
            continue  # reported by the deployment checks (DP007, DP012)
        user, project, domain = resolved
        if not _can_get_a_token(index, user, project, domain):
            continue
        key = _scope_key(user, project, domain)
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = {"user": user, "project": project, "domain": domain, "roles": [], "where": []}
        for role in index.implied_roles(index.role(assignment.role).name):
            if role not in entry["roles"]:
                entry["roles"].append(role)
        if assignment.location:
            entry["where"].append(assignment.location)

    names = _names(index, list(grouped.values()))
    personas = []
    for entry, name in zip(grouped.values(), names):
        user, project, domain = entry["user"], entry["project"], entry["domain"]
        creds = {
            "user_id": user.id,
            "user_domain_id": user.domain_id,
            "system_scope": "all" if project is None and domain is None else None,
            "domain_id": domain.id if domain else None,
            "project_id": project.id if project else None,
            "project_domain_id": project.domain_id if project else None,
            "roles": list(entry["roles"]),
            "is_admin_project": True,
            "service_user_id": None,
            "service_user_domain_id": None,
            "service_project_id": None,
            "service_project_domain_id": None,
            "service_roles": [],
        }
        scope = "project" if project else "domain" if domain else "system"
        where = f"project {project.name}" if project else f"domain {domain.name}" if domain else "the system"
        description = f"{user.name} with {', '.join(entry['roles'])} on {where}"
        personas.append(Persona(name, description, creds, user.name, scope, tuple(entry["where"])))
    return personas


def _names(index: _Index, entries: list[dict]) -> list[str]:
    def plain(entry, qualify_user=False, qualify_scope=False):
        user, project, domain = entry["user"], entry["project"], entry["domain"]
        who = f"{user.name}/{_domain_name(index, user.domain_id)}" if qualify_user else user.name
        if project:
            scope = f"{project.name}/{_domain_name(index, project.domain_id)}" if qualify_scope else project.name
        elif domain:
            scope = f"domain:{domain.name}"
        else:
            scope = "system"
        return f"{who}@{scope}"

    first = [plain(e) for e in entries]
    counts = Counter(first)
    users_by_name: dict[str, set] = {}
    for entry, name in zip(entries, first):
        if counts[name] > 1:
            users_by_name.setdefault(name, set()).add(entry["user"].id)
    names = []
    for entry, name in zip(entries, first):
        if counts[name] == 1:
            names.append(name)
            continue
        names.append(plain(entry, qualify_user=len(users_by_name[name]) > 1, qualify_scope=True))
    return names


def _domain_name(index: _Index, domain_id: str | None) -> str:
    domain = index._domain[1].get(domain_id)  # the first domain with that id, as Identity.find_domain
    return domain.name if domain else str(domain_id)


def find_persona(deployment: Deployment, name: str) -> Persona:
    personas = personas_of(deployment)
    for persona in personas:
        if persona.name == name:
            return persona
    known = [p.name for p in personas]
    close = suggest(name, known)
    hint = f"did you mean {close}?" if close else (f"known personas: {', '.join(known)}" if known else
                                                        "the deployment has no role assignments")
    raise InputError(f"no persona {name!r} in {deployment.path}", hint=hint)
