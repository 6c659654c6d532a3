"""request_id runs after filters whose faults and logs should carry the request id.

## What it does
Finds pipelines where `request_id` (oslo.middleware RequestId, cinder's copy, nova's
`compute_req_id`) comes after `faultwrap`/`catch_errors`, a request logger or an
authentication or context filter.

## Why is this bad?
The request id is generated when the request reaches `request_id`. Errors turned into
faults further out, log lines written earlier, and 401s from auth go out without
`x-openstack-request-id`, so an operator cannot match a user's failing call to the logs.
Upstream nova puts `compute_req_id` before `faultwrap`; cinder and heat put `request_id`
first or second.

## Example
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = cors faultwrap request_id apiv3

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:faultwrap]
paste.filter_factory = cinder.api.middleware.fault:FaultWrapper.factory

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = cors request_id faultwrap apiv3

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:faultwrap]
paste.filter_factory = cinder.api.middleware.fault:FaultWrapper.factory

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, order_violations, stage_subject, steps

CODE = "PS306"
NAME = "request-id-late"
SEVERITY = Severity.WARNING

_MUST_FOLLOW = {mw.FAULTWRAP, mw.REQUEST_LOG, mw.AUTH, mw.AUTHZ, mw.NOAUTH, mw.CONTEXT}


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        for step, earlier in order_violations(steps(branch), mw.REQUEST_ID, _MUST_FOLLOW):
            report.add(
                f"'{step.name}' runs after '{earlier.name}' ({earlier.role}) in {branch_name(branch)}: "
                f"what '{earlier.name}' logs or answers carries no request id",
                step.stage.location,
                hint=f"move '{step.name}' before '{earlier.name}'",
                related=step.related + earlier.related, subject=stage_subject(step))
    yield from report
