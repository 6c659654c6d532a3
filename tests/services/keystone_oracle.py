"""keystone's own credential path, run without its database or server.

``oracle_creds`` builds the creds the way keystone builds them for a request: a
``keystone.common.context.RequestContext`` with oslo.context's values, filled by the
auth middleware's own ``_keystone_specific_values`` from a token-like object (the
attributes of keystone's ``TokenModel`` that ``render_token_response_from_model``
reads), then handed to oslo.policy, which calls keystone's ``to_policy_values()``.
keystone's renderer asks its catalog provider for the token's catalog and its federation
provider for service providers; those need its database, so ``_NoDatabase`` answers an
empty catalog and no service providers (no keystone rule reads either).
``oracle_enforcer`` is oslo.policy's Enforcer with ``keystone.common.policies.list_rules()``
registered, as ``RBACEnforcer.register_rules`` does; ``oracle_outcome`` enforces as
``RBACEnforcer._enforce`` does (InvalidScope is a 403).
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from types import SimpleNamespace

from oslo_config import cfg
from oslo_policy import policy as oslo_policy

logging.getLogger("oslo_policy").setLevel(logging.CRITICAL)


class _NoDatabase:
    def get_v3_catalog(self, user_id, project_id):
        return []

    def get_enabled_service_providers(self):
        return []

    def get_idp(self, idp_id):  # only reached for federated tokens, which are not built here
        raise AssertionError("federated tokens are not part of these tests")


@contextlib.contextmanager
def keystone_providers():
    from keystone.common import provider_api

    import keystone.conf

    if not hasattr(keystone.conf.CONF, "resource"):
        keystone.conf.configure()  # registers keystone's options (the renderer reads [resource])
    registry = provider_api.ProviderAPIs
    registry._clear_registry_instances()
    registry._register_provider_api("federation_api", _NoDatabase())
    registry._register_provider_api("catalog_api", _NoDatabase())
    try:
        yield
    finally:
        registry._clear_registry_instances()


def token_like(creds: dict):
    """The attributes of keystone's TokenModel the renderer reads, for a token with these creds."""
    system = creds.get("system_scope") == "all"
    domain = bool(creds.get("domain_id")) and not system
    project = bool(creds.get("project_id")) and not (system or domain)
    roles = [{"id": f"id-{r}", "name": r} for r in creds.get("roles") or []]
    return SimpleNamespace(
        methods=["password"], user_id=creds.get("user_id"),
        user={"name": "name-of-user", "password_expires_at": None, "domain_id": creds.get("user_domain_id")},
        user_domain={"id": creds.get("user_domain_id"), "name": "name-of-user-domain"},
        audit_ids=["audit"], expires_at="2026-12-06T10:00:00Z", issued_at="2026-12-06T09:00:00Z",
        system_scoped=system, domain_scoped=domain, trust_scoped=False, project_scoped=project,
        unscoped=not (system or domain or project), oauth_scoped=False, is_federated=False,
        domain_id=creds.get("domain_id") if domain else None,
        domain={"id": creds.get("domain_id"), "name": "name-of-domain"} if domain else None,
        project={"id": creds.get("project_id"), "name": "name-of-project", "is_domain": False} if project else None,
        project_domain={"id": creds.get("project_domain_id"), "name": "name-of-project-domain"} if project else None,
        project_id=creds.get("project_id") if project else None,
        roles=roles, trust_id=None, access_token_id=None, application_credential_id=None)


def oracle_creds(creds: dict):
    """keystone's RequestContext for a request carrying the token of ``creds``."""
    from keystone.common import context
    from keystone.server.flask.request_processing.middleware.auth_context import AuthContextMiddleware

    ctx = context.RequestContext(
        user_id=creds.get("user_id"), user_domain_id=creds.get("user_domain_id"),
        project_id=creds.get("project_id"), project_domain_id=creds.get("project_domain_id"),
        domain_id=creds.get("domain_id"), system_scope=creds.get("system_scope"),
        roles=list(creds.get("roles") or []), is_admin_project=creds.get("is_admin_project", True))
    with keystone_providers():
        # the middleware's own method: it reads nothing of the middleware itself
        AuthContextMiddleware._keystone_specific_values(None, token_like(creds), ctx)
    return ctx


def oracle_enforcer():
    from keystone.common import policies

    conf = cfg.ConfigOpts()
    conf([], project="policykit-keystone-tests")
    enforcer = oslo_policy.Enforcer(conf, policy_file="/nonexistent/policy.yaml")
    enforcer.register_defaults(policies.list_rules())
    enforcer.load_rules()
    return enforcer


def oracle_outcome(enforcer, action: str, target: dict, ctx) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return bool(enforcer.enforce(action, dict(target), ctx))
        except oslo_policy.InvalidScope:
            return False  # RBACEnforcer._enforce: ForbiddenAction
