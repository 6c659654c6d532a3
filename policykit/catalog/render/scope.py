"""Who a rendered token belongs to: the user, the scope and the roles it carries.

A project-scoped render needs a project (``--project``, a name or id; ``name@domain``
when the name is not unique). The user is the one given (``--user``) or the first user
with a role assignment on that scope, as Keystone only issues a token to a user with a
role there; roles are that user's roles on the scope with implied roles expanded.
Without a project the token is system-scoped (or domain-scoped when only domain
assignments exist); its catalog is the same either way. When the deployment declares no
fitting assignment, the token names a user ``admin`` of the Default domain with no roles,
so that the catalog can still be rendered.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykit.deployment.model import DEFAULT_DOMAIN_ID, Deployment, derived_id
from policykit.deployment.personas import personas_of
from policykit.errors import InputError


@dataclass(frozen=True)
class TokenScope:
    kind: str  # "project" | "domain" | "system"
    user_id: str
    user_name: str
    user_domain: dict
    roles: tuple[dict, ...] = ()
    project: dict | None = None  # {"id", "name", "domain": {...}}
    domain: dict | None = None

    @property
    def project_id(self) -> str | None:
        return self.project["id"] if self.project else None


def _domain_ref(deployment: Deployment | None, domain_id: str | None) -> dict:
    if deployment is not None:
        domain = next((d for d in deployment.identity.domains if d.id == domain_id), None)
        if domain:
            return {"id": domain.id, "name": domain.name}
    return {"id": domain_id or DEFAULT_DOMAIN_ID, "name": "Default" if domain_id in (None, DEFAULT_DOMAIN_ID) else domain_id}


def find_project(deployment: Deployment, ref: str):
    name, _, domain = ref.partition("@")
    matches = deployment.identity.find_projects(name, domain or None)
    if not matches:
        known = ", ".join(p.name for p in deployment.identity.projects) or "none"
        raise InputError(f"no project {ref!r} in {deployment.path}", hint=f"projects declared: {known}")
    if len(matches) > 1:
        raise InputError(f"project name {name!r} is used in more than one domain",
                         hint=f"write the project as {name}@DOMAIN")
    return matches[0]


def resolve_scope(deployment: Deployment | None, project: str | None = None, user: str | None = None) -> TokenScope:
    if deployment is None:
        # Only a catalog: the project is taken as the project id.
        fallback = TokenScope("project" if project else "system", derived_id("user", "admin", DEFAULT_DOMAIN_ID),
                              "admin", _domain_ref(None, DEFAULT_DOMAIN_ID))
        if project:
            return TokenScope(**{**fallback.__dict__, "project": {"domain": _domain_ref(None, None), "id": project,
                                                                   "name": project}})
        return fallback
    target = find_project(deployment, project) if project else None
    if target is not None and not target.enabled:
        raise InputError(f"project {target.name!r} is disabled: Keystone issues no token scoped to it",
                         target.field_locations.get("enabled", target.location), hint="choose another --project")
    personas = personas_of(deployment)
    if target is not None:
        candidates = [p for p in personas if p.creds["project_id"] == target.id]
    else:
        candidates = [p for p in personas if p.creds["system_scope"] == "all"] or [
            p for p in personas if p.creds["domain_id"]]
    if user is not None:
        chosen = [p for p in candidates if p.user == user]
        if not chosen:
            where = f"project {target.name}" if target else "the system or a domain"
            raise InputError(f"user {user!r} has no role on {where} in {deployment.path}",
                             hint="Keystone issues no such token; add an assignment or choose another --user")
        candidates = chosen
    identity = deployment.identity
    project_ref = ({"domain": _domain_ref(deployment, target.domain_id), "id": target.id, "name": target.name}
                   if target else None)
    if not candidates:
        admin = next(iter(identity.find_users("admin", "Default")), None)
        return TokenScope("project" if target else "system",
                          admin.id if admin else derived_id("user", "admin", DEFAULT_DOMAIN_ID), "admin",
                          _domain_ref(deployment, DEFAULT_DOMAIN_ID), project=project_ref)
    persona = candidates[0]
    creds = persona.creds
    roles = tuple({"id": identity.find_role(r).id, "name": r} for r in creds["roles"] if identity.find_role(r))
    domain_ref = _domain_ref(deployment, creds["domain_id"]) if creds["domain_id"] else None
    kind = "project" if target else ("system" if creds["system_scope"] else "domain")
    return TokenScope(kind, creds["user_id"], persona.user, _domain_ref(deployment, creds["user_domain_id"]),
                      roles, project_ref, domain_ref)
