"""Glance's cache and version-negotiation filters are out of place.

## What it does
In glance pipelines checks that `cache` comes after `context` (or
`unauthenticated-context`), that `cachemanage` has `cache` before it, and that
`versionnegotiation` comes before authentication.

## Why is this bad?
The image cache answers image downloads by itself and checks access to the cached image
with the request context that `context` builds; before `context` there is none, so the
check runs on nothing the caller proved. `cachemanage` only manages the cache the
`cache` filter maintains. Version negotiation rewrites the path before the API is
chosen; after `authtoken`, unsupported-version requests cost a token validation first.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api-keystone+caching]
pipeline = versionnegotiation authtoken cache context rootapp

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true

[filter:cache]
paste.filter_factory = glance.api.middleware.cache:CacheFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api-keystone+caching]
pipeline = versionnegotiation authtoken context cache rootapp

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true

[filter:cache]
paste.filter_factory = glance.api.middleware.cache:CacheFilter.factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, stage_subject, steps

CODE = "PS317"
NAME = "glance-pipeline-order"
SEVERITY = Severity.WARNING


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        branch_steps = [s for s in steps(branch) if s.is_filter]
        where = branch_name(branch)
        by_role: dict[str, list] = {}
        for step in branch_steps:
            by_role.setdefault(step.role, []).append(step)
        contexts = by_role.get(mw.CONTEXT, []) + [s for s in by_role.get(mw.NOAUTH, [])
                                                  if s.middleware and "unauthenticated-context" in s.middleware.label]
        for cache in by_role.get(mw.CACHE, []):
            later = [c for c in contexts if c.index > cache.index]
            if later:
                report.add(
                    f"'{cache.name}' runs before '{later[0].name}' in {where}: cached images are served before "
                    "the request context that access checks need exists",
                    cache.stage.location, hint=f"move '{cache.name}' after '{later[0].name}'",
                    related=cache.related + later[0].related, subject=stage_subject(cache))
        for manage in by_role.get(mw.CACHEMANAGE, []):
            if not any(c.index < manage.index for c in by_role.get(mw.CACHE, [])):
                report.add(
                    f"'{manage.name}' has no 'cache' filter before it in {where}: it manages a cache nothing fills",
                    manage.stage.location, hint=f"add 'cache' before '{manage.name}'",
                    related=manage.related, subject=stage_subject(manage))
        auth = next((s for s in branch_steps if s.role == mw.AUTH), None)
        for negotiation in by_role.get(mw.VERSIONS, []):
            if auth is not None and auth.index < negotiation.index and negotiation.middleware is not None \
                    and negotiation.middleware.label == "version negotiation" \
                    and "glance" in (negotiation.stage.factory_text or ""):
                report.add(
                    f"'{negotiation.name}' runs after '{auth.name}' in {where}: requests for unknown versions "
                    "cost a token validation before they are refused",
                    negotiation.stage.location, hint=f"move '{negotiation.name}' before '{auth.name}'",
                    related=negotiation.related + auth.related, subject=stage_subject(negotiation))
    yield from report
