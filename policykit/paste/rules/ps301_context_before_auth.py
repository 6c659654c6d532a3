"""A context filter trusts identity headers before authentication has checked them.

## What it does
Finds, in every pipeline and every flavor or auth_strategy branch, a filter that builds
the request context from identity headers (nova/cinder/neutron `keystonecontext`, glance
and heat `context`, glance `cache`/`cachemanage`, nova's old `ratelimit`,
`legacy_v2_compatible`) placed *before* the branch's authentication filter
(`authtoken`, heat `authpassword`/`custombackendauth`, keystone's
`build_auth_context` ...).

## Why is this bad?
The leftmost filter sees the request first. keystonemiddleware's auth_token removes any
`X-Identity-Status`, `X-Roles`, `X-Project-Id` ... headers the client sent
(`remove_auth_headers()`) and only then sets its own. A context filter that runs earlier
builds the request context from headers the client chose: nova's `NovaKeystoneContext`
stores `nova.context` straight from them, so anyone can claim `X-Roles: admin`. Upstream
heat's `custombackend` flavor has `context` before `custombackendauth`; review it.

## Example
```ini api-paste.ini
[composite:osapi_compute]
use = egg:Paste#urlmap
/v2.1 = api_v21

[pipeline:api_v21]
pipeline = keystonecontext authtoken osapi_compute_app_v21

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
```

## Use instead
```ini api-paste.ini
[composite:osapi_compute]
use = egg:Paste#urlmap
/v2.1 = api_v21

[pipeline:api_v21]
pipeline = authtoken keystonecontext osapi_compute_app_v21

[filter:keystonecontext]
paste.filter_factory = nova.api.auth:NovaKeystoneContext.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, stage_subject, steps

CODE = "PS301"
NAME = "context-before-auth"
SEVERITY = Severity.ERROR
SECURITY_SEVERITY = "9.0"


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        branch_steps = steps(branch)
        auth = next((s for s in branch_steps if s.role == mw.AUTH and s.is_filter), None)
        if auth is None:
            continue  # no authentication at all: unauthenticated-pipeline's business
        for step in branch_steps[: auth.index]:
            if not (step.is_filter and step.middleware is not None and step.middleware.trusts_identity):
                continue
            report.add(
                f"'{step.name}' ({step.middleware.label}) trusts identity headers but runs before "
                f"'{auth.name}' authenticates the request, in {branch_name(branch)}: a client can send "
                f"its own X-Roles/X-Project-Id",
                step.stage.location,
                hint=f"move '{auth.name}' before '{step.name}'",
                related=step.related + auth.related,
                subject=stage_subject(step),
            )
    yield from report
