"""faultwrap / catch_errors does not wrap the service logic.

## What it does
Finds pipelines where the fault wrapper (`faultwrap`, oslo.middleware `catch_errors`)
comes after an authentication, context, version-negotiation, body-parsing or cache
filter; and swift pipelines whose `catch_errors` is not the first filter.

## Why is this bad?
The fault wrapper turns exceptions from everything *inside* it into API faults with a
proper status and body. An exception raised further out — in `context`, in auth — becomes
a bare 500 from the WSGI server, without the request id and without the fault body clients
parse. Swift inserts `catch_errors` at index 0 by itself when it is missing; a
`catch_errors` placed later leaves the filters before it unprotected.
sapcc/helm-charts PR #3964 moved nova's `faultwrap` back to upstream's position.

## Example
```ini api-paste.ini
[composite:heat-api]
use = egg:Paste#urlmap
/ = api

[pipeline:api]
pipeline = cors request_id context faultwrap apiv1app

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:request_id]
paste.filter_factory = oslo_middleware.request_id:RequestId.factory

[filter:context]
paste.filter_factory = heat.common.context:ContextMiddleware_filter_factory

[filter:faultwrap]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:faultwrap_filter

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
pipeline = cors request_id faultwrap context apiv1app

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:request_id]
paste.filter_factory = oslo_middleware.request_id:RequestId.factory

[filter:context]
paste.filter_factory = heat.common.context:ContextMiddleware_filter_factory

[filter:faultwrap]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:faultwrap_filter

[app:apiv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.openstack.v1:API
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, order_violations, stage_subject, steps

CODE = "PS313"
NAME = "faultwrap-late"
SEVERITY = Severity.WARNING

_MUST_FOLLOW = {mw.AUTH, mw.AUTHZ, mw.NOAUTH, mw.CONTEXT, mw.VERSIONS, mw.BODY, mw.CACHE, mw.CACHEMANAGE,
                mw.RATELIMIT}


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        branch_steps = steps(branch)
        for step in branch_steps:
            swift = step.middleware is not None and step.middleware.swift_name == "catch_errors"
            if swift and step.is_filter and step.index > 0:
                first = branch_steps[0]
                report.add(
                    f"swift's '{step.name}' is not the first filter of {branch_name(branch)}: "
                    f"exceptions raised in '{first.name}' and the filters after it up to '{step.name}' "
                    "are not caught",
                    step.stage.location,
                    hint=f"move '{step.name}' to the front of the pipeline (before '{first.name}')",
                    related=step.related + first.related, subject=stage_subject(step))
        for step, earlier in order_violations(branch_steps, mw.FAULTWRAP, _MUST_FOLLOW):
            if step.middleware is not None and step.middleware.swift_name:
                continue
            report.add(
                f"'{step.name}' runs after '{earlier.name}' ({earlier.role}) in {branch_name(branch)}: "
                f"exceptions raised in '{earlier.name}' do not become API faults",
                step.stage.location,
                hint=f"move '{step.name}' before '{earlier.name}'",
                related=step.related + earlier.related, subject=stage_subject(step))
    yield from report
