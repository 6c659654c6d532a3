"""An `egg:` factory is not installed, or not as that kind (with --check-installed).

## What it does
With `--check-installed`, looks up every `use = egg:Dist#name` of every section the file
uses in the installed distributions' metadata (importing nothing): the distribution must
be installed and declare `name` in an entry-point group that fits the section — filters
in `paste.filter_factory`/`paste.filter_app_factory`, apps and composites in
`paste.app_factory`/`paste.composite_factory`. Run policykit in the service's own
environment (virtualenv, container image).

## Why is this bad?
PasteDeploy fails at start with `PackageNotFoundError`, or with `LookupError: Entry point
'healthcheck' not found in egg 'oslo.middleware' (protocols: paste.filter_factory,
paste.filter_app_factory; entry_points: )` — whose entry-point list is always empty
because of a PasteDeploy bug, so it never says that the name exists as an app. Keystone
14.0.0 removed its paste entry points while still shipping a keystone-paste.ini that
names them; oslo.middleware 7.0.0 removed the `healthcheck` filter entry point.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = request_id neutronapiapp_v2_0

[filter:request_id]
use = egg:oslo.middleware#requestid

[app:neutronapiapp_v2_0]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = request_id neutronapiapp_v2_0

[filter:request_id]
use = egg:oslo.middleware#request_id

[app:neutronapiapp_v2_0]
paste.app_factory = oslo_middleware:Healthcheck.app_factory
```
"""

from policykit.findings import Severity
from policykit.paste import installed
from policykit.paste import middleware as mw
from policykit.paste.document import FactoryScheme
from policykit.paste.resolution import ErrorCategory
from policykit.paste.pipelines import Reporter

CODE = "PS206"
NAME = "egg-not-installed"
SEVERITY = Severity.ERROR


def check(context):
    if not context.check_installed:
        return
    reached = context.resolution.reachable_sections()
    # What fails whatever is installed (a specifier, a known entry point of another kind) is
    # bad-egg-reference's finding already.
    static = {(e.location.path, e.location.line) for e in context.resolution.errors
              if e.category in (ErrorCategory.PACKAGE_NOT_FOUND, ErrorCategory.ENTRY_POINT_NOT_FOUND)}
    report = Reporter()
    for section, spec in context.resolution.factories:
        if spec.scheme is not FactoryScheme.EGG or section.header not in reached or not spec.distribution:
            continue
        if (spec.key.path, spec.key.line) in static:
            continue
        known = mw.identify(spec.text)
        if known is not None and known.role == mw.HEALTHCHECK and "paste.filter_factory" in spec.protocols:
            continue  # healthcheck-as-filter explains this one, on the pipeline that uses it
        if not spec.protocols or any(c in spec.distribution for c in "<>=!~ ["):
            continue  # a version specifier: the structural rules report it
        problem = installed.check_egg(spec.distribution, spec.entry_point or "main", spec.protocols)
        if problem is None:
            continue
        report.add(f"{section.label}: {problem.message} (PasteDeploy: {problem.exception})",
                   spec.key.location, hint=problem.hint, related=(section.location,), subject=section.header)
    yield from report
