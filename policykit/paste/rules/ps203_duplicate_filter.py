"""The same filter appears twice in one pipeline.

## What it does
Finds a branch in which the same filter section — or two sections with the same factory —
runs twice. swift's `proxy-logging` (listed first and last on purpose) and a second swift
`ratelimit` after auth are allowed.

## Why is this bad?
PasteDeploy builds two instances and the request passes both: two auth_token
validations per request, two request ids, a second `sizelimit` with other limits, a body
read twice. It is almost always an edit made in the wrong place of a long pipeline
line.

## Example
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = request_id cors request_id apiv3

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = request_id cors apiv3

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, factory_text, stage_subject, steps

CODE = "PS203"
NAME = "duplicate-filter"
SEVERITY = Severity.WARNING

_SWIFT_TWICE = {"proxy_logging"}
_SWIFT_AUTH = {"tempauth", "keystoneauth", "s3token", "s3api"}


def _identity(step) -> tuple:
    key = mw.factory_key(factory_text(step.stage))
    if key is not None and key not in ("heat.common.wsgi:filter_factory",):
        return ("factory", key)
    return ("section", stage_subject(step))


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        seen: dict[tuple, object] = {}
        for step in steps(branch):
            if not step.is_filter:
                continue
            swift_name = step.middleware.swift_name if step.middleware else None
            identity = _identity(step)
            first = seen.get(identity)
            if first is None:
                seen[identity] = step
                continue
            if swift_name in _SWIFT_TWICE:
                continue
            if swift_name == "ratelimit" and any(
                    s.middleware is not None and s.middleware.swift_name in _SWIFT_AUTH
                    for s in steps(branch)[first.index:step.index]):
                continue
            same = "" if first.name == step.name else f" (same factory as '{first.name}')"
            report.add(
                f"'{step.name}'{same} runs twice in {branch_name(branch)}; it first appears at line "
                f"{first.stage.location.line}",
                step.stage.location,
                hint=f"remove one of the two '{step.name}'",
                related=(first.stage.location,) + step.related, subject=stage_subject(step))
    yield from report
