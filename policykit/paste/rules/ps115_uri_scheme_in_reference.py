"""A reference written as `prefix:name` or `call:...` where PasteDeploy reads a URI.

## What it does
Reports references — pipeline items, `use`, `next`, `filter-with`, composite targets —
that start with `word:` but whose scheme PasteDeploy does not know (`filter:authtoken`,
`app:rootapp`, `foo:bar`), and `call:` items in a pipeline, which PasteDeploy cannot load.

## Why is this bad?
Anything matching `^[a-zA-Z]+:` is loaded as a URI: `filter:authtoken` gives
`LookupError: URI scheme not known: 'filter' (from config, egg, call)`, and a `call:`
pipeline item crashes with `AssertionError: Protocol None unknown`. Section names are
written without their prefix.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = filter:authtoken rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

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

CODE = "PS115"
NAME = "uri-scheme-in-reference"
SEVERITY = Severity.ERROR


def check(context):
    for error in errors_of(context, ErrorCategory.UNKNOWN_SCHEME, ErrorCategory.CALL_IN_PIPELINE):
        yield problem(error.message, error.location, hint=f"PasteDeploy: {error.pastedeploy}",
                      subject=error.subject)
