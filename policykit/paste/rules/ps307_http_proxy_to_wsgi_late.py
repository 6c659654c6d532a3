"""http_proxy_to_wsgi runs after filters that build URLs or answer requests.

## What it does
Finds pipelines where `http_proxy_to_wsgi` comes after version negotiation or an
authentication or context filter; and urlmap composites where some paths run
`http_proxy_to_wsgi` and others (typically the versions document at `/`) do not.

## Why is this bad?
`http_proxy_to_wsgi` rewrites `wsgi.url_scheme` and the host from `X-Forwarded-Proto` /
`Forwarded` headers set by a TLS-terminating proxy. Anything before it sees the
internal `http://` URL: the versions document and version negotiation hand out wrong
links, and auth_token's `WWW-Authenticate` header points clients at the wrong scheme.
nova includes the filter in its `oscomputeversion*` pipelines for that reason.

## Example
```ini api-paste.ini
[composite:heat-api]
use = egg:Paste#urlmap
/ = api

[pipeline:api]
pipeline = cors request_id versionnegotiation authtoken http_proxy_to_wsgi apiv1app

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:request_id]
paste.filter_factory = oslo_middleware.request_id:RequestId.factory

[filter:versionnegotiation]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:version_negotiation_filter

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory

[app:apiv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.openstack.v1:API
```

## Use instead
```ini api-paste.ini
[composite:heat-api]
use = egg:Paste#urlmap
/ = api

[pipeline:api]
pipeline = cors request_id http_proxy_to_wsgi versionnegotiation authtoken apiv1app

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:request_id]
paste.filter_factory = oslo_middleware.request_id:RequestId.factory

[filter:versionnegotiation]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:version_negotiation_filter

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware:HTTPProxyToWSGI.factory

[app:apiv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.openstack.v1:API
```
"""

from policykit.findings import Severity
from policykit.paste import composites
from policykit.paste import middleware as mw
from policykit.paste.pipelines import (Reporter, branch_name, distinct_branches, order_violations, stage_subject,
                                       steps)

CODE = "PS307"
NAME = "http-proxy-to-wsgi-late"
SEVERITY = Severity.WARNING

_MUST_FOLLOW = {mw.VERSIONS, mw.AUTH, mw.AUTHZ, mw.NOAUTH, mw.CONTEXT}


def _is_url_path(key: str) -> bool:
    """False for keys urlmap cannot serve (PS120 reports those; a missing filter is not their problem)."""
    try:
        return composites.normalise_address(composites.parse_path_expression(key)) is not None
    except composites.PathExpressionError:
        return False


def _urlmap_gaps(context, report):
    """urlmap paths whose branches lack http_proxy_to_wsgi while sibling paths have it."""
    by_path: dict[tuple, list] = {}
    every_branch = (branch for root in context.resolution.roots for branch in root.branches)
    for branch in every_branch:
        for choice in branch.choices:
            if choice.kind != "urlmap" or not _is_url_path(choice.key.name):
                continue
            # what this path leads to: the branch's stages (the filters above the urlmap are the same for all)
            by_path.setdefault((choice.composite.header, choice.key.name), []).append((choice, branch))
    composites: dict[str, dict[str, list]] = {}
    for (header, path), entries in by_path.items():
        composites.setdefault(header, {})[path] = entries
    for header, paths in composites.items():
        with_proxy, without = [], []
        for path, entries in paths.items():
            branch_steps = [steps(branch) for _, branch in entries]
            apps = [s[-1] for s in branch_steps if s and not s[-1].is_filter]
            if apps and all(a.role == mw.HEALTHCHECK for a in apps):
                continue  # a healthcheck needs no URLs
            has = any(any(s.role == mw.HTTP_PROXY for s in bs) for bs in branch_steps)
            (with_proxy if has else without).append((path, entries[0][0]))
        if not with_proxy:
            continue
        for path, choice in without:
            others = ", ".join(sorted(p for p, _ in with_proxy))
            report.add(
                f"urlmap path '{path}' of {choice.composite.label} does not run http_proxy_to_wsgi, "
                f"while {others} do: links it builds behind a TLS proxy use the wrong scheme and host",
                choice.key.location,
                hint=f"add http_proxy_to_wsgi to the pipeline served at '{path}'",
                related=(choice.composite.location,), subject=choice.composite.header)


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        for step, earlier in order_violations(steps(branch), mw.HTTP_PROXY, _MUST_FOLLOW):
            report.add(
                f"'{step.name}' runs after '{earlier.name}' ({earlier.role}) in {branch_name(branch)}: "
                f"'{earlier.name}' sees the internal scheme and host, not the proxy's",
                step.stage.location,
                hint=f"move '{step.name}' before '{earlier.name}'",
                related=step.related + earlier.related, subject=stage_subject(step))
    _urlmap_gaps(context, report)
    yield from report
