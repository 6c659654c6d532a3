"""cors is not the outermost filter.

## What it does
Finds pipelines where `cors` (oslo.middleware CORS) is preceded by a filter other than
`request_id` or a healthcheck.

## Why is this bad?
Browser preflight `OPTIONS` requests carry no token. If `authtoken` (or `sizelimit`,
`faultwrap`, version negotiation ...) runs first, it answers — a 401, a 413, an error
page — without CORS headers, and the browser reports a CORS failure instead of the real
response. Every current upstream paste file puts `cors` first; cinder lets only
`request_id` precede it.

## Example
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = authtoken cors apiv3

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = cinder

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = cors authtoken apiv3

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = cinder

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, stage_subject, steps

CODE = "PS304"
NAME = "cors-not-outermost"
SEVERITY = Severity.WARNING

_MAY_PRECEDE = {mw.CORS, mw.REQUEST_ID, mw.HEALTHCHECK}


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        branch_steps = steps(branch)
        for step in branch_steps:
            if step.role != mw.CORS or not step.is_filter:
                continue
            earlier = next((s for s in branch_steps[: step.index] if s.is_filter and s.role not in _MAY_PRECEDE),
                           None)
            if earlier is None:
                continue
            report.add(
                f"'{step.name}' runs after '{earlier.name}' in {branch_name(branch)}: responses "
                f"'{earlier.name}' produces (a 401 to a preflight OPTIONS, an error) carry no CORS headers",
                step.stage.location,
                hint=f"move '{step.name}' to the front of the pipeline (before '{earlier.name}')",
                related=step.related + earlier.related, subject=stage_subject(step))
    yield from report
