"""Sections that refer to each other in a loop.

## What it does
Reports cycles through pipeline items, `use`, `next`, `filter-with` and composite
targets: a pipeline whose app is the pipeline itself, two sections that `use` each
other, a urlmap that maps a path back to itself.

## Why is this bad?
PasteDeploy recurses until Python gives up: `RecursionError: maximum recursion depth
exceeded`, with a traceback hundreds of frames deep and no section name.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken glance-api

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
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
from policykit.paste.loader import TOO_DEEP
from policykit.paste.resolution import ErrorCategory

CODE = "PS116"
NAME = "reference-cycle"
SEVERITY = Severity.ERROR


def check(context):
    for error in errors_of(context, ErrorCategory.CYCLE):
        hint = ("shorten the chain: point `use` at the section that names the factory" if error.pastedeploy == TOO_DEEP
                else "break the loop: the last item of a pipeline must be an application that does not lead back here")
        yield problem(error.message, error.location, hint=hint, subject=error.subject)
