"""A composite factory (urlmap, pipeline_factory) called as an app factory.

## What it does
Reports known composite factories — Paste's `urlmap_factory`, the OpenStack urlmap
wrappers (`glance.api:root_app_factory`, ...) and the `pipeline_factory` selectors — used
through `paste.app_factory =`, through `use = call:...` in an `[app:]` section, or as a
filter factory.

## Why is this bad?
A composite factory takes the loader as its first argument. Called as an app factory it
fails with `TypeError: urlmap_factory() missing 1 required positional argument:
'global_conf'`, which does not say that the section kind is the problem. (`egg:`
references are forgiving: the entry point carries the protocol.)

## Example
```ini glance-api-paste.ini
[app:glance-api]
use = call:paste.urlmap:urlmap_factory
/: rootapp

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[composite:glance-api]
use = call:paste.urlmap:urlmap_factory
/: rootapp

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import errors_of, problem
from policykit.paste.resolution import ErrorCategory

CODE = "PS119"
NAME = "composite-factory-as-app"
SEVERITY = Severity.ERROR


def check(context):
    for error in errors_of(context, ErrorCategory.COMPOSITE_AS_APP):
        yield problem(error.message, error.location, hint=f"PasteDeploy: {error.pastedeploy}",
                      subject=error.subject)
