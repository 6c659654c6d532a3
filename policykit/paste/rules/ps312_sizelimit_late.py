"""sizelimit runs after authentication or after a body parser.

## What it does
Finds pipelines where `sizelimit` (oslo.middleware RequestBodySizeLimiter and the older
service copies) comes after an authentication or context filter or after a filter that
reads the request body (keystone's `json_body`).

## Why is this bad?
`sizelimit` exists to reject oversized bodies cheaply, before anything reads them. Placed
after `authtoken`, every oversized request still costs a token validation (a call to
Keystone); after `json_body` the whole body has already been parsed. Upstream nova and
cinder put `sizelimit` before `authtoken`; keystone (up to Rocky) before `json_body`.
sapcc/helm-charts PR #3964 reordered nova's `sizelimit` to match upstream.

## Example
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = authtoken sizelimit apiv3

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:sizelimit]
paste.filter_factory = oslo_middleware.sizelimit:RequestBodySizeLimiter.factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = sizelimit authtoken apiv3

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:sizelimit]
paste.filter_factory = oslo_middleware.sizelimit:RequestBodySizeLimiter.factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, order_violations, stage_subject, steps

CODE = "PS312"
NAME = "sizelimit-late"
SEVERITY = Severity.WARNING

_MUST_FOLLOW = {mw.AUTH, mw.AUTHZ, mw.NOAUTH, mw.CONTEXT, mw.BODY}


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        for step, earlier in order_violations(steps(branch), mw.SIZELIMIT, _MUST_FOLLOW):
            report.add(
                f"'{step.name}' runs after '{earlier.name}' ({earlier.role}) in {branch_name(branch)}: "
                "oversized bodies are only rejected after that work is done",
                step.stage.location,
                hint=f"move '{step.name}' before '{earlier.name}'",
                related=step.related + earlier.related, subject=stage_subject(step))
    yield from report
