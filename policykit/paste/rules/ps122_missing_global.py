"""`get NAME = GLOBAL` copies a global that nothing defines.

## What it does
Reports `get` keys whose global name is neither a [DEFAULT] key, `here`, `__file__`, nor
set by a `set` key of an enclosing section on the way to it.

## Why is this bad?
PasteDeploy fails with a bare `KeyError: 'name'` — no file, no section, no line.

## Example
```ini glance-api-paste.ini
[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
get debug = verbose
```

## Use instead
```ini glance-api-paste.ini
[DEFAULT]
verbose = true

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
get debug = verbose
```
"""


from policykit.findings import Severity
from policykit.paste.checks import errors_of, problem
from policykit.paste.resolution import ErrorCategory

CODE = "PS122"
NAME = "missing-global"
SEVERITY = Severity.ERROR


def check(context):
    for error in errors_of(context, ErrorCategory.MISSING_GLOBAL):
        yield problem(error.message, error.location, hint="define the name in [DEFAULT], or 'set' it in the "
                      "section that uses this one", subject=error.subject)
