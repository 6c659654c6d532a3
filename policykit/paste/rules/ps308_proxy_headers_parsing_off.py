"""http_proxy_to_wsgi is in the pipeline but proxy header parsing is off.

## What it does
When the service conf is known (`--config`, or `config:` in deployment.yaml), finds
`http_proxy_to_wsgi` stages while neither the filter section nor `[oslo_middleware]` of
the service conf sets `enable_proxy_headers_parsing = true`.

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
from policykit.paste.pipelines import Reporter, distinct_branches, is_true, stage_subject, steps

CODE = "PS308"
NAME = "proxy-headers-parsing-off"
SEVERITY = Severity.INFO


def check(context):
    if context.conf is None:
        return
    conf_value = context.conf.get("oslo_middleware", "enable_proxy_headers_parsing")
    report = Reporter()
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
                where, location = f"{context.conf.path} [oslo_middleware]", step.stage.location
            else:
                where, location = f"{context.conf.path} (default false)", step.stage.location
            report.add(
                f"'{step.name}' does nothing: enable_proxy_headers_parsing is off in {where}; behind a "
                "TLS-terminating proxy the service builds http:// links",
                location,
                hint="set enable_proxy_headers_parsing = true in [oslo_middleware] of the service conf "
                     "(or remove the filter if no proxy sets X-Forwarded-Proto)",
                related=step.related, subject=stage_subject(step))
    yield from report
