"""A `require =` distribution is not installed (with --check-installed).

## What it does
With `--check-installed`, checks every name of a `require = Dist1 Dist2` line in a
section the file uses against the installed distributions' metadata, as PasteDeploy does
before it builds the section.

## Why is this bad?
PasteDeploy refuses the section with `importlib.metadata.PackageNotFoundError: No package
metadata was found for Dist`, and the service does not start.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[app:neutronapiapp_v2_0]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
require = NoSuchDistribution

[pipeline:neutronapi_v2_0]
pipeline = neutronapiapp_v2_0
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[app:neutronapiapp_v2_0]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
require = Paste

[pipeline:neutronapi_v2_0]
pipeline = neutronapiapp_v2_0
```
"""

from policykit.findings import Severity
from policykit.paste import installed
from policykit.paste.pipelines import Reporter

CODE = "PS208"
NAME = "required-distribution-missing"
SEVERITY = Severity.ERROR


def check(context):
    if not context.check_installed:
        return
    reached = context.resolution.reachable_sections()
    report = Reporter()
    for section in context.paste.sections:
        if section.header not in reached:
            continue
        for key in context.paste.local_keys(section):
            if key.name != "require":
                continue
            for name in key.text.split():
                problem = installed.check_requirement(name)
                if problem is not None:
                    report.add(f"{section.label}: {problem.message} (PasteDeploy: {problem.exception})",
                               key.location, hint=f"install {name}, or remove it from require",
                               related=(section.location,), subject=section.header)
    yield from report
