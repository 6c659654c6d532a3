"""A `[filter-app:]` without `next`, or with `use = call:...`.

## What it does
Checks each `[filter-app:]` section: it needs `next` (the application it wraps) and a
filter factory given by `use = <filter section>`, `use = egg:...` or a
`paste.filter_factory` key — not `use = call:...`.

## Why is this bad?
Without `next`: `LookupError: The [filter-app:x] section ... is missing a 'next'
setting`. With `use = call:...`, PasteDeploy derives the protocol name
`paste.filter-app_factory` from the prefix and crashes with `AssertionError: Protocol
'paste.filter-app_factory' unknown` (a PasteDeploy bug).

## Example
```ini glance-api-paste.ini
[filter-app:glance-api]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[filter-app:glance-api]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
next = rootapp

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import errors_of, problem
from policykit.paste.resolution import ErrorCategory

CODE = "PS118"
NAME = "filter-app-incomplete"
SEVERITY = Severity.ERROR


def check(context):
    for error in errors_of(context, ErrorCategory.MISSING_NEXT, ErrorCategory.FILTER_APP_CALL):
        hint = ("add 'next = <application>'" if error.category is ErrorCategory.MISSING_NEXT
                else f"PasteDeploy: {error.pastedeploy}")
        yield problem(error.message, error.location, hint=hint, subject=error.subject)
