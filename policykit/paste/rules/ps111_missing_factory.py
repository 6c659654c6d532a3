"""A section that names no factory, names two, or names one PasteDeploy cannot parse.

## What it does
For every app, composite, filter and filter-app section (used or not), checks how its
factory is given: exactly one of `use` or a factory key of the right kind
(`paste.app_factory`/`paste.composite_factory` for apps and composites,
`paste.filter_factory`/`paste.filter_app_factory` for filters), with a value of the form
`package.module:attribute`. A `call:` value must have that form too.

## Why is this bad?
PasteDeploy fails with `LookupError: No loader given in section 'filter:x'` (also when
the key is of the wrong kind, e.g. `paste.app_factory` in a filter), `Multiple protocols
given`, or — when an indented line was glued onto the value — the cryptic
`AttributeError: 'NoneType' object has no attribute 'group'`.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken rootapp

[filter:authtoken]
paste.app_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import errors_of, problem
from policykit.paste.resolution import ErrorCategory

CODE = "PS111"
NAME = "missing-factory"
SEVERITY = Severity.ERROR


def check(context):
    for error in errors_of(context, ErrorCategory.NO_LOADER, ErrorCategory.MULTIPLE_PROTOCOLS,
                           ErrorCategory.BAD_FACTORY_SPEC, ErrorCategory.BAD_CALL_SPEC):
        yield problem(error.message, error.location, hint=f"PasteDeploy: {error.pastedeploy}",
                      subject=error.subject)
