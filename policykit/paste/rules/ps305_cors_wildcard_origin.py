"""The cors filter allows every origin.

## What it does
Finds a `cors` filter section (oslo.middleware CORS) that sets `allowed_origin` to `*`
(alone or in a list) in the paste file.

## Why is this bad?
oslo.middleware's CORS security note: a wildcard origin lets any web page a user visits
call the API with the user's browser, and values in the paste section override the
service conf's `[cors]` section, so a fix made there has no effect. List the dashboards
that need access, in the service conf.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = cors neutronapiapp_v2_0

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = neutron
allowed_origin = *

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = cors neutronapiapp_v2_0

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory
oslo_config_project = neutron

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, distinct_branches, stage_subject, steps

CODE = "PS305"
NAME = "cors-wildcard-origin"
SEVERITY = Severity.WARNING
SECURITY_SEVERITY = "5.0"


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        for step in steps(branch):
            if step.role != mw.CORS:
                continue
            key = step.stage.local_conf.get("allowed_origin")
            if key is None or "*" not in [o.strip() for o in key.text.split(",")]:
                continue
            report.add(
                f"'{step.name}' allows every origin (allowed_origin = {key.text.strip()}): any web page can "
                "call the API with a visitor's browser",
                key.location,
                hint="remove allowed_origin from the paste file and list the allowed origins in the "
                     "service conf's [cors] section",
                related=(step.stage.location,), subject=stage_subject(step))
    yield from report
