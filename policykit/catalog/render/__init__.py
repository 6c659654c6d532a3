"""Renderers: one function per output format, all working from a :class:`CatalogSpec`.

``render(spec, fmt, project=None, region=None, deployment=None)`` returns the text of one
format; ``token_catalog(spec, project_id=None)`` is the v3 ``token.catalog`` list.
``region`` limits every format to the endpoints of one region.
"""

from __future__ import annotations

import json

from policykit.catalog.model import CatalogSpec
from policykit.catalog.render.legacy import clouds_yaml, templated
from policykit.catalog.render.scope import TokenScope, resolve_scope
from policykit.catalog.render.scripts import bootstrap, openstack_cli
from policykit.catalog.render.token import auth_catalog, token_catalog, v2_access, v3_token
from policykit.errors import InputError

FORMATS = ("v3", "auth-catalog", "v2", "openstack-cli", "bootstrap", "clouds-yaml", "templated")

__all__ = ["FORMATS", "render", "render_body", "token_catalog", "resolve_scope", "TokenScope"]


def _json(body) -> str:
    return json.dumps(body, indent=2) + "\n"


def render_body(spec: CatalogSpec, fmt: str, scope: TokenScope, region: str | None = None) -> dict:
    """The JSON body of a token-shaped format (v3, auth-catalog, v2)."""
    if fmt == "v3":
        return v3_token(spec, scope, region)
    if fmt == "auth-catalog":
        if scope.project is None:
            raise InputError("GET /v3/auth/catalog answers only project-scoped tokens (403 otherwise)",
                             hint="pass --project NAME")
        return auth_catalog(spec, scope, region)
    if fmt == "v2":
        return v2_access(spec, scope, region)
    raise InputError(f"{fmt!r} is not a token format", hint="use v3, auth-catalog or v2")


def render(spec: CatalogSpec, fmt: str, project: str | None = None, region: str | None = None,
           deployment=None, user: str | None = None) -> str:
    if fmt not in FORMATS:
        raise InputError(f"unknown catalog format {fmt!r}", hint=f"choose one of: {', '.join(FORMATS)}")
    if region is not None and region not in {r.id for r in spec.regions} | {e.region for e in spec.endpoints}:
        known = ", ".join(r.id for r in spec.regions) or "none"
        raise InputError(f"no region {region!r} in the catalog", hint=f"regions: {known}")
    cloud = (deployment.cloud if deployment is not None else "") or "cloud"
    if fmt == "openstack-cli":
        return openstack_cli(spec, region, cloud)
    if fmt == "templated":
        return templated(spec, region)
    if fmt == "bootstrap":
        admin = _bootstrap_identity(deployment)
        return bootstrap(spec, region, **admin)
    scope = resolve_scope(deployment, project, user)
    if fmt == "clouds-yaml":
        return clouds_yaml(spec, scope, cloud, region)
    return _json(render_body(spec, fmt, scope, region))


def _bootstrap_identity(deployment) -> dict:
    """The admin user, project and role bootstrap should create: the deployment's system admin, if any.

    ``keystone-manage bootstrap`` gives its role to the user on the project *and* on the
    system, so the user is the one holding a role on ``system: all``, and the project the
    first one where the same user holds the same role.
    """
    if deployment is None:
        return {}
    identity = deployment.identity
    for system in identity.assignments:
        if system.system != "all" or len(identity.find_users(system.user, system.user_domain)) != 1:
            continue
        result = {"username": system.user, "role_name": system.role}
        for project in identity.assignments:
            if (project.user, project.role) == (system.user, system.role) and project.project is not None:
                result["project_name"] = project.project
                break
        return result
    return {}
