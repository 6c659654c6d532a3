"""The healthcheck is reachable only through authentication.

## What it does
Finds healthcheck apps or filters (oslo.middleware's, or swift's) that every branch
reaches only after an authentication filter.

## Why is this bad?
Load balancers probe `/healthcheck` without a token. Behind `authtoken` every probe gets
a 401, so the balancer marks every API node down — or, when the probe accepts 401, it
no longer tells a working node from a broken one. Mount the healthcheck app in the
urlmap beside the API, outside its pipeline.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/ = authenticated

[pipeline:authenticated]
pipeline = authtoken health

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:health]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/healthcheck = health

[app:health]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, sections_reached_from_other_roots, steps

CODE = "PS310"
NAME = "healthcheck-behind-auth"
SEVERITY = Severity.WARNING


def _is_healthcheck(step) -> bool:
    if step.role == mw.HEALTHCHECK:
        return True
    return step.middleware is not None and step.middleware.swift_name == "healthcheck"


def check(context):
    report = Reporter()
    seen: dict[str, list] = {}  # section header → [(step, auth step or None)]
    reached = sections_reached_from_other_roots(context)
    # Only what the outermost roots serve: an [app:healthcheck] is also a root of its own.
    served = [b for root in context.resolution.roots if root.section.header not in reached for b in root.branches]
    for branch in served:
        branch_steps = steps(branch)
        for step in branch_steps:
            if not _is_healthcheck(step) or step.stage.section is None:
                continue
            auth = next((s for s in branch_steps[: step.index] if s.is_filter and s.role in (mw.AUTH, mw.AUTHZ)),
                        None)
            seen.setdefault(step.stage.section.header, []).append((step, auth))
    for header, uses in seen.items():
        if not all(auth is not None for _, auth in uses):
            continue
        step, auth = uses[0]
        report.add(
            f"'{step.name}' is only reachable after '{auth.name}': load-balancer probes without a token get 401",
            step.stage.location,
            hint=f"mount '{step.name}' in the urlmap (/healthcheck) outside the authenticated pipeline, "
                 f"or move it before '{auth.name}'",
            related=step.related + auth.related, subject=header)
    yield from report
