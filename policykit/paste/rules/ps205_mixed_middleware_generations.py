"""One file mixes an old and a new generation of the same middleware.

## What it does
Finds files where one section builds a middleware from a retired location
(`keystoneclient.middleware.auth_token`, an oslo-incubator
`<service>.openstack.common.middleware` copy, a service's own `sizelimit`) while another
section builds the same middleware from its current home (keystonemiddleware,
oslo.middleware).

## Why is this bad?
It is the mark of a half-done upgrade: the file was patched where it broke and left
alone elsewhere, and the old section starts failing as soon as the retired package is
removed. The module drift `keystone.middleware.auth_token` →
`keystoneclient.middleware.auth_token` → `keystonemiddleware.auth_token` broke
deployments for years (bilelmsekni/OpenStack-Grizzly-Install-Guide issue #12,
blueboxgroup/ursula PR #604, bloomberg/chef-bcpc issue #690).

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0
/v2.1 = neutronapi_v2_1

[pipeline:neutronapi_v2_0]
pipeline = authtoken neutronapiapp_v2_0

[pipeline:neutronapi_v2_1]
pipeline = authtoken_new neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystoneclient.middleware.auth_token:filter_factory

[filter:authtoken_new]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0
/v2.1 = neutronapi_v2_1

[pipeline:neutronapi_v2_0]
pipeline = authtoken neutronapiapp_v2_0

[pipeline:neutronapi_v2_1]
pipeline = authtoken neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter

CODE = "PS205"
NAME = "mixed-middleware-generations"
SEVERITY = Severity.WARNING


def check(context):
    families: dict[str, dict[bool, list]] = {}
    for section, spec in context.resolution.factories:
        known = mw.identify(spec.text)
        if known is None or known.family is None:
            continue
        families.setdefault(known.family, {}).setdefault(known.removed is not None, []).append((section, spec, known))
    report = Reporter()
    for family, generations in families.items():
        if True not in generations or False not in generations:
            continue
        current_section, current_spec, _ = generations[False][0]
        for section, spec, known in generations[True]:
            report.add(
                f"{section.label} builds {family} from {spec.text} (which {known.removed.when}) while "
                f"{current_section.label} uses {current_spec.text}",
                spec.key.location,
                hint=f"use {current_spec.text} in {section.label} too",
                related=(current_spec.key.location,), subject=section.header)
    yield from report
