"""http_proxy_to_wsgi is in the pipeline but proxy header parsing is off.

## What it does
When the service conf is known (`--config`, or `config:` in deployment.yaml), finds
`http_proxy_to_wsgi` stages while neither the filter section nor `[oslo_middleware]` of
the service conf sets `enable_proxy_headers_parsing = true`. One finding per cause: a
filter used in several pipelines is reported once, at a use the service loads, with the
other uses as related locations.

## Why is this bad?
oslo.middleware's HTTPProxyToWSGI does nothing unless `enable_proxy_headers_parsing` is
true (it defaults to false). Behind a TLS-terminating load balancer the API then builds
`http://` links — version documents, `Location` headers, pagination links — that clients
follow to the wrong place. A value in the paste section wins over the service conf
(oslo.middleware's `_conf_get` reads the paste options first).

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = cors http_proxy_to_wsgi neutronapiapp_v2_0

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```
```ini neutron.conf
[DEFAULT]
auth_strategy = keystone
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = cors http_proxy_to_wsgi neutronapiapp_v2_0

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:http_proxy_to_wsgi]
paste.filter_factory = oslo_middleware.http_proxy_to_wsgi:HTTPProxyToWSGI.factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```
```ini neutron.conf
[DEFAULT]
auth_strategy = keystone

[oslo_middleware]
enable_proxy_headers_parsing = true
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, distinct_branches, is_true, live_branches, stage_subject, steps

CODE = "PS308"
NAME = "proxy-headers-parsing-off"
SEVERITY = Severity.INFO


def check(context):
    if context.conf is None:
        return
    conf_value = context.conf.get("oslo_middleware", "enable_proxy_headers_parsing")
    served = {_stages(branch) for branch, _ in live_branches(context)}
    # One finding per cause — the filter section and the setting that leaves it off — however
    # many pipelines use that filter (glance's [composite:api] has six).
    causes: dict[tuple, list] = {}
    for branch in distinct_branches(context):
        for step in steps(branch):
            if step.role != mw.HTTP_PROXY or step.middleware is None:
                continue
            local = step.stage.local_conf.get("enable_proxy_headers_parsing")
            if local is not None:
                if is_true(local.text):
                    continue
                where, location = f"{step.stage.section.label if step.stage.section else 'its section'}", local.location
            elif conf_value is not None:
                if is_true(conf_value.value):
                    continue
                where, location = f"{context.conf.path} [oslo_middleware]", None
            else:
                where, location = f"{context.conf.path} (default false)", None
            causes.setdefault((stage_subject(step), where, location), []).append((_stages(branch) in served, step))
    report = Reporter()
    for (_, where, location), uses in causes.items():
        # Point at a use the service loads, when there is one.
        uses.sort(key=lambda use: (not use[0], use[1].stage.location.line or 0, use[1].stage.location.column or 0))
        step = uses[0][1]
        places = {(s.stage.location.line, s.stage.location.column): s.stage.location for _, s in uses}
        others = [loc for loc in places.values() if loc != step.stage.location]
        used = f" (it is in {len(places)} pipelines)" if len(places) > 1 else ""
        report.add(
            f"'{step.name}' does nothing: enable_proxy_headers_parsing is off in {where}{used}; behind a "
            "TLS-terminating proxy the service builds http:// links",
            location or step.stage.location,
            hint="set enable_proxy_headers_parsing = true in [oslo_middleware] of the service conf "
                 "(or remove the filter if no proxy sets X-Forwarded-Proto)",
            related=(*step.related, *others), subject=stage_subject(step))
    yield from report


def _stages(branch) -> tuple:
    return tuple((stage.location.path, stage.location.line, stage.location.column) for stage in branch.stages)
