"""`delay_auth_decision = true` on authtoken with nothing after it that enforces the decision.

## What it does
Finds an `authtoken` (keystonemiddleware auth_token) stage whose section sets
`delay_auth_decision = true` in a branch where no later component is known to reject
unauthenticated requests itself. Known enforcers: glance's `context` filter (it refuses
requests whose `X-Identity-Status` is not `Confirmed` unless anonymous access is
allowed) and swift's `keystoneauth`.

## Why is this bad?
With a delayed decision auth_token lets requests without a valid token through and only
marks them `X-Identity-Status: Invalid`; it is up to the next component to refuse them.
nova, cinder and neutron do not look at that header, so the API becomes reachable without
a token.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken keystonecontext neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true

[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken keystonecontext neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:keystonecontext]
paste.filter_factory = neutron.auth:NeutronKeystoneContext.factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, is_true, stage_subject, steps

CODE = "PS303"
NAME = "delay-auth-decision-unenforced"
SEVERITY = Severity.WARNING
SECURITY_SEVERITY = "7.5"

_ENFORCERS = {"glance context", "swift keystoneauth", "swift tempauth"}


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        branch_steps = steps(branch)
        for step in branch_steps:
            if not (step.is_filter and step.middleware is not None
                    and step.middleware.family == "auth_token"):
                continue
            key = step.stage.local_conf.get("delay_auth_decision")
            if key is None or not is_true(key.text):
                continue
            later = branch_steps[step.index + 1:]
            if any(s.middleware is not None and s.middleware.label in _ENFORCERS for s in later):
                continue
            report.add(
                f"'{step.name}' sets delay_auth_decision = {key.text.strip()}, but nothing after it in "
                f"{branch_name(branch)} refuses requests without a valid token",
                key.location,
                hint="remove delay_auth_decision (or set it to false)",
                related=(step.stage.location,), subject=stage_subject(step))
    yield from report
