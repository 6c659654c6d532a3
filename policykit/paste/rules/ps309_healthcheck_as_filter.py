"""oslo.middleware's healthcheck is used as a filter.

## What it does
Finds `healthcheck` stages built by oslo.middleware's `Healthcheck` that sit in a
pipeline as a *filter* (`paste.filter_factory = oslo_middleware:Healthcheck.factory`,
or `use = egg:oslo.middleware#healthcheck` in a `[filter:]` section). Swift's own
`egg:swift#healthcheck` is a filter by design and is not reported.

## Why is this bad?
The filter form was deprecated in 2016 and removed in oslo.middleware 7.0.0: the factory
raises `NotImplementedError: HealthcheckMiddleware should be deployed as an app, not a
filter`, and the egg form fails with "Entry point 'healthcheck' not found in egg
'oslo.middleware' (protocols: paste.filter_factory, ...)". Neither is a LookupError, so
the service dies at start with a raw traceback. vexxhost/atmosphere hit it on glance
(PR #3698) and magnum (PR #3871) after upgrading oslo.middleware; glance 2023.1 and
keystone Queens/Rocky ship the filter form.

With `--check-installed` and an oslo.middleware older than 7.0.0 installed, the finding is
a warning: the filter still works there, and breaks on the next upgrade.

## Example
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3_pipeline

[pipeline:apiv3_pipeline]
pipeline = healthcheck apiv3

[filter:healthcheck]
paste.filter_factory = oslo_middleware:Healthcheck.factory
backends = disable_by_file

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = apiv3
/healthcheck = healthcheck

[app:healthcheck]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
backends = disable_by_file

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import installed
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, stage_subject, steps

CODE = "PS309"
NAME = "healthcheck-as-filter"
SEVERITY = Severity.ERROR


def _installed_before_7() -> str | None:
    """The installed oslo.middleware version when it still accepts the filter form."""
    version = installed.installed_version("oslo.middleware")
    if version is None:
        return None
    try:
        major = int(version.split(".")[0])
    except ValueError:
        return None
    return version if major < 7 else None


def check(context):
    report = Reporter()
    older = _installed_before_7() if context.check_installed else None
    for branch in distinct_branches(context):
        for step in steps(branch):
            if not (step.is_filter and step.role == mw.HEALTHCHECK and step.middleware is not None):
                continue
            consequence = (f"deprecated since 2016 and refused from oslo.middleware 7.0.0 (installed: {older})"
                           if older else "oslo.middleware 7.0.0 and later refuse healthcheck as a filter and the "
                           "service does not start")
            report.add(
                f"'{step.name}' ({step.stage.factory_text}) is a filter in {branch_name(branch)}; {consequence}",
                step.stage.location,
                hint=f"remove '{step.name}' from the pipeline and mount an [app:healthcheck] with "
                     "paste.app_factory = oslo_middleware:Healthcheck.app_factory at /healthcheck of the urlmap",
                related=step.related, subject=stage_subject(step),
                severity=Severity.WARNING if older else None)
    yield from report
