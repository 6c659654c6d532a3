"""The healthcheck answers with details.

## What it does
Finds an oslo.middleware healthcheck section that sets `detailed = true`.

## Why is this bad?
The detailed answer includes the Python version, the host name, loaded backends and
thread stacks, to anyone who can reach `/healthcheck` — usually without a token, since
load balancers must reach it. Keep it for a debugging session, not in the shipped file.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/healthcheck = healthcheck

[app:healthcheck]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
backends = disable_by_file
detailed = true
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/healthcheck = healthcheck

[app:healthcheck]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
backends = disable_by_file
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, distinct_branches, is_true, stage_subject, steps

CODE = "PS311"
NAME = "healthcheck-detailed"
SEVERITY = Severity.WARNING
SECURITY_SEVERITY = "4.0"


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        for step in steps(branch):
            if step.role != mw.HEALTHCHECK:
                continue
            key = step.stage.local_conf.get("detailed")
            if key is None or not is_true(key.text):
                continue
            report.add(
                f"'{step.name}' sets detailed = {key.text.strip()}: every caller of /healthcheck sees host, "
                "Python and backend details",
                key.location, hint="remove 'detailed' (it defaults to false)",
                related=(step.stage.location,), subject=stage_subject(step))
    yield from report
