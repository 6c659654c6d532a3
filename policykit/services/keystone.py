"""keystone: the credentials its enforcer adds, and its targets (no check kind of its own).

keystone registers no check class. ``RBACEnforcer.enforce_call`` hands oslo.policy the
request context itself, so the creds are ``keystone.common.context.RequestContext
.to_policy_values()``: oslo.context's keys, plus

* ``token`` — the validated token rendered as the body of ``GET /v3/auth/tokens``
  (``render_token.render_token_response_from_model``), a nested mapping that rules
  read with dotted paths: ``token.domain.id``, ``token.project.domain.id``,
  ``token.user.domain.id``, ``token.system.all``, ``token.roles.name``;
* ``domain_id`` — the domain of a domain-scoped token, else None;

and its auth middleware sets ``is_admin_project`` to False for a domain-scoped token.
``trust_id``, ``domain_name``, ``group_ids`` … go to the auth context only, never to
the creds oslo.policy sees.

The target is the request's view arguments plus ``target`` (the entity the request is
about, loaded from keystone's database), flattened with dots by ``utils.flatten_dict``:
``target.user.domain_id``, ``target.project.domain_id``, ``target.domain.id``.
"""

from __future__ import annotations

from typing import Any, Mapping

from policykit.services.profile import PasteSpec, ServiceProfile, TargetHints

# What a token states about its caller that the creds do not (names, methods, expiry,
# audit ids, catalog): never derived, so a rule reading it decides from nothing.
UNDERIVED_TOKEN_FIELDS = ("methods", "audit_ids", "expires_at", "issued_at", "catalog", "user.name",
                          "user.domain.name", "user.password_expires_at", "project.name", "project.domain.name",
                          "domain.name", "roles.id")


def token_of(creds: Mapping) -> dict[str, Any]:
    """The token body keystone renders for these creds (``render_token_response_from_model``):
    the user, and the scope — system, else domain, else project — with its roles."""
    user: dict[str, Any] = {"id": creds.get("user_id")}
    if creds.get("user_domain_id") is not None:
        user["domain"] = {"id": creds.get("user_domain_id")}
    token: dict[str, Any] = {"user": user}
    roles = [{"name": role} for role in creds.get("roles") or () if isinstance(role, str)]
    if creds.get("system_scope") == "all":
        token["roles"] = roles
        token["system"] = {"all": True}
    elif creds.get("domain_id"):
        token["domain"] = {"id": creds["domain_id"]}
        token["roles"] = roles
    elif creds.get("project_id"):
        project: dict[str, Any] = {"id": creds["project_id"]}
        if creds.get("project_domain_id") is not None:
            project["domain"] = {"id": creds["project_domain_id"]}
        token["project"] = project
        token["is_domain"] = False
        token["roles"] = roles
    return token


def derive_keystone_creds(creds: Mapping, decide) -> dict[str, Any]:
    """The keys keystone's RequestContext adds to oslo.context's (see the module docstring)."""
    derived: dict[str, Any] = {"token": token_of(creds), "domain_id": creds.get("domain_id") or None}
    if creds.get("domain_id") and creds.get("system_scope") != "all":
        derived["is_admin_project"] = False  # auth_context: a domain token is never the admin project
    return derived


PROFILE = ServiceProfile(
    name="keystone",
    types=("identity",),
    namespaces=("keystone",),
    credentials=frozenset({"token"}),
    credentials_known=True,
    derive_creds=derive_keystone_creds,
    derive_overrides=frozenset({"is_admin_project", "domain_id"}),
    targets=TargetHints(
        own={"user_id": "user_id", "project_id": "project_id", "domain_id": "domain_id",
             "target.user.id": "user_id", "target.user.domain_id": "user_domain_id",
             "target.project.id": "project_id", "target.project.domain_id": "project_domain_id",
             "target.domain.id": "domain_id", "target.token.user_id": "user_id",
             "target.credential.user_id": "user_id", "target.trust.trustor_user_id": "user_id",
             "target.trust.trustee_user_id": "user_id"},
        values={"target.role.name": "member"},
        loaded=("target.",),
        note="keystone flattens the entity the request is about under target.* (RBACEnforcer.enforce_call)"),
    paste=PasteSpec("fixed", ("main", "admin")),
    era="keystone Havana to 2026.2",
)
