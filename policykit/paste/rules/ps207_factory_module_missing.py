"""A factory's module is not installed (with --check-installed).

## What it does
With `--check-installed`, checks the module of every `call:module:attr` and
`paste.*_factory = module:attr` of every section the file uses: the top-level package
must be importable (`importlib.util.find_spec`, which imports nothing for a top-level
name) and every sub-package and the module must exist under it on disk. Nothing of the
service is imported, so no import-time side effect runs; the attribute itself is not
checked.

## Why is this bad?
PasteDeploy imports the module when it loads the section and dies with
`ModuleNotFoundError`, which services wrap into messages that hide which section failed:
"Unable to load glance-api from configuration file ... Got: ImportError('No module named
keystone.middleware.auth_token')" (Mirantis/openstack-lbaas issue #7); crowbar PR #527
shipped a swift proxy whose `keystonemiddleware` package was missing.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystoneclient.middleware.auth_token:filter_factory

[app:neutronapiapp_v2_0]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:neutronapiapp_v2_0]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
```
"""

from policykit.findings import Severity
from policykit.paste import installed
from policykit.paste import middleware as mw
from policykit.paste.document import FactoryScheme
from policykit.paste.pipelines import Reporter

CODE = "PS207"
NAME = "factory-module-missing"
SEVERITY = Severity.ERROR


def check(context):
    if not context.check_installed:
        return
    reached = context.resolution.reachable_sections()
    report = Reporter()
    for section, spec in context.resolution.factories:
        if spec.scheme not in (FactoryScheme.CALL, FactoryScheme.FACTORY_KEY) or not spec.module:
            continue
        if section.header not in reached:
            continue
        problem = installed.check_module(spec.module)
        if problem is None:
            continue
        known = mw.identify(spec.text)
        hint = problem.hint
        if known is not None and known.removed is not None:
            hint = f"{known.label} {known.removed.when}: {known.removed.advice}"
        report.add(f"{section.label}: {problem.message} (PasteDeploy: {problem.exception})",
                   spec.key.location, hint=hint, related=(section.location,), subject=section.header)
    yield from report
