"""An `egg:` reference PasteDeploy 3 cannot look up at all.

## What it does
Reports `egg:` references that cannot work whatever is installed: a version specifier or
extra in the distribution (`egg:Paste>=1.0#urlmap`), an entry-point name that cannot
exist (an indented line glued onto it), and entry points policykit knows to be of another
kind (`egg:Paste#urlmap` used as a filter). Whether the distribution is installed is
checked with `--check-installed`.

## Why is this bad?
PasteDeploy 3 looks distributions up with `importlib.metadata.distribution()`, which does
not understand specifiers: `PackageNotFoundError: No package metadata was found for
Paste>=1.0`. Files written for PasteDeploy 1 and pkg_resources still contain them.

## Example
```ini glance-api-paste.ini
[composite:glance-api]
use = egg:Paste>=1.0#urlmap
/: rootapp

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[composite:glance-api]
use = egg:Paste#urlmap
/: rootapp

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import errors_of, problem
from policykit.paste.resolution import ErrorCategory

CODE = "PS121"
NAME = "bad-egg-reference"
SEVERITY = Severity.ERROR


def check(context):
    for error in errors_of(context, ErrorCategory.PACKAGE_NOT_FOUND, ErrorCategory.ENTRY_POINT_NOT_FOUND):
        yield problem(error.message, error.location, hint=f"PasteDeploy: {error.pastedeploy}",
                      subject=error.subject)
