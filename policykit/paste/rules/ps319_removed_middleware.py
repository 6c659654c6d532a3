"""A pipeline uses middleware that later releases removed.

## What it does
Finds stages whose factory is known to be gone in a later release of the library or
service that provided it: `keystoneclient.middleware.auth_token` and
`keystone.middleware.auth_token` (moved to keystonemiddleware), the oslo-incubator copies
`<service>.openstack.common.middleware.*`, oslo.middleware's `ssl` filter (6.0.0), keystone's
`admin_token_auth`, `xml_body*` and, from Rocky, all of keystone's paste entry points,
nova's EC2 API, heat's CloudWatch filters, and the service copies of `sizelimit` replaced
by oslo.middleware's. (oslo.middleware's healthcheck filter has its own rule,
healthcheck-as-filter.)

## Why is this bad?
The file loads on the release it came from and fails on the next one, often with a
message that hides the cause: Mirantis/openstack-lbaas issue #7 got
`ImportError('No module named keystone.middleware.auth_token')` wrapped into "Unable to
load ... from configuration file"; crowbar/crowbar-openstack PR #527, blueboxgroup/ursula
PR #604 and bloomberg/chef-bcpc issue #690 followed the same module drift from
`keystone.middleware` to `keystoneclient.middleware` to `keystonemiddleware`.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken keystonecontext neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystoneclient.middleware.auth_token:filter_factory

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
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, distinct_branches, factory_text, stage_subject, steps

CODE = "PS319"
NAME = "removed-middleware"
SEVERITY = Severity.WARNING


def check(context):
    report = Reporter()
    uses: dict[str, list] = {}
    for branch in distinct_branches(context):
        for step in steps(branch):
            known = step.middleware
            if known is None or known.removed is None or step.role == mw.HEALTHCHECK:
                continue
            if step.stage.factory is None:
                continue
            uses.setdefault(stage_subject(step), []).append(step)
    for subject, found in uses.items():
        step = found[0]
        removed = step.middleware.removed
        related = tuple(dict.fromkeys(s.stage.location for s in found))
        report.add(
            f"'{step.name}' uses {factory_text(step.stage)} ({step.middleware.label}), which {removed.when}"
            + ("" if removed.fatal else "; it loads only where the old code is still installed"),
            step.stage.factory.key.location,
            hint=removed.advice,
            related=related, subject=subject)
    yield from report
