"""``policykit catalog render`` and ``policykit catalog query``: offline, from a deployment file."""

from __future__ import annotations

import sys


def register(actions) -> None:
    from policykit.catalog.render import FORMATS

    render = actions.add_parser("render", help="render the service catalog of a deployment in one format")
    render.add_argument("deployment", metavar="DEPLOYMENT", help="deployment.yaml")
    render.add_argument("--format", "-f", dest="fmt", required=True, choices=FORMATS, metavar="F",
                        help="v3 (token body), auth-catalog (GET /v3/auth/catalog body), v2 (legacy access body), "
                             "openstack-cli (idempotent script), bootstrap (keystone-manage bootstrap), "
                             "clouds-yaml, templated (legacy default_catalog.templates)")
    render.add_argument("--project", metavar="NAME",
                        help="render as a token scoped to this project (name, or name@domain); "
                             "default: a system-scoped token, which omits project-templated endpoints")
    render.add_argument("--user", metavar="NAME", help="the token's user (default: the first with a role there)")
    render.add_argument("--region", metavar="R", help="only this region's endpoints")
    render.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    render.set_defaults(func=run_render)

    query = actions.add_parser("query", help="resolve one endpoint the way keystoneauth1 does")
    query.add_argument("deployment", metavar="DEPLOYMENT", help="deployment.yaml")
    query.add_argument("--service-type", required=True, metavar="T", help="service type or alias, e.g. volume")
    query.add_argument("--interface", default="public", metavar="I",
                       help="public (default), internal, admin; publicURL-style names work as in keystoneauth1")
    query.add_argument("--region", metavar="R", help="region name (exact, case-sensitive)")
    query.add_argument("--project", metavar="NAME", help="scope the token to this project")
    query.add_argument("--service-name", metavar="NAME", help="also match the service name")
    query.set_defaults(func=run_query)


def _load(path: str):
    from policykit.catalog.builder import build_catalog
    from policykit.deployment import load_deployment

    deployment = load_deployment(path)
    return deployment, build_catalog(deployment)


def run_render(args) -> int:
    from policykit.catalog.render import render

    deployment, spec = _load(args.deployment)
    text = render(spec, args.fmt, project=args.project, region=args.region, deployment=deployment, user=args.user)
    if args.output:
        from policykit.sources import write_text

        write_text(args.output, text, "rendered catalog")
    else:
        sys.stdout.write(text)
    return 0


def run_query(args) -> int:
    from policykit.catalog.lookup import NotFound, url_for
    from policykit.catalog.render import render_body, resolve_scope

    deployment, spec = _load(args.deployment)
    body = render_body(spec, "v3", resolve_scope(deployment, args.project))
    try:
        url = url_for(body, args.service_type, args.interface, args.region, args.service_name)
    except NotFound as exc:
        print(f"policykit: {exc}{_needs_project(spec, deployment, args)}", file=sys.stderr)
        return 1
    print(url)
    return 0


def _needs_project(spec, deployment, args) -> str:
    """Why keystoneauth1 found nothing when only a project scope would list the endpoint."""
    from policykit.catalog.lookup import NotFound, url_for
    from policykit.catalog.render import token_catalog

    if args.project is not None:
        return ""
    # The same lookup in the catalog of a token scoped to some project.
    scoped = {"catalog": token_catalog(spec, project_id="PROJECT_ID", region=args.region)}
    try:
        url_for(scoped, args.service_type, args.interface, args.region, args.service_name)
    except NotFound:
        return ""
    projects = ", ".join(p.name for p in getattr(getattr(deployment, "identity", None), "projects", ()) or ())
    return (f": the endpoint's URL needs a project ($(project_id)s or $(tenant_id)s), so Keystone lists it only in "
            f"project-scoped tokens; pass --project NAME" + (f" (projects: {projects})" if projects else ""))
