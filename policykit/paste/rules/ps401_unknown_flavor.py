"""The flavor in the service conf names no section of the paste file.

## What it does
For services that load `<app>-<flavor>` (glance, murano, searchlight; heat before
25.0.0), computes the name from `[paste_deploy] flavor` exactly as the service does —
case-sensitive, `+` literal, nothing normalised — and reports the conf line when no
app-like section has that name. The message lists the flavors that would load.

## Why is this bad?
The service does not start: `RuntimeError: Unable to load glance-api-keystone+cachemanagment
from configuration file /etc/glance/glance-api-paste.ini. Got: LookupError("No section
...")`. The error names the paste file, but the mistake is in the conf.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api-keystone]
pipeline = authtoken context rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
```ini glance-api.conf
[paste_deploy]
flavor = Keystone
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api-keystone]
pipeline = authtoken context rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
```ini glance-api.conf
[paste_deploy]
flavor = keystone
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.selection import SelectorMechanism
from policykit.suggest import suggest

CODE = "PS401"
NAME = "unknown-flavor"
SEVERITY = Severity.ERROR


def describe_flavors(valid) -> str:
    return ", ".join(f"'{f}'" if f else "(unset)" for f in valid) or "none"


def check(context):
    for selection in context.selections:
        profile = selection.profile
        if profile.mechanism is not SelectorMechanism.FLAVOR_SUFFIX or selection.flavor is None:
            continue
        if selection.root is not None or selection.fallback_used:
            continue
        flavor = selection.flavor.value
        close = suggest(flavor, [f for f in selection.valid_flavors if f])
        hint = f"did you mean '{close}'? " if close else ""
        hint += f"flavors that load: {describe_flavors(selection.valid_flavors)}"
        yield problem(f"flavor '{flavor}' names no pipeline: {profile.service} loads '{selection.app_name}', "
                          f"and {context.paste.path.rsplit('/', 1)[-1]} has no such section",
                      selection.flavor.value_location, hint=hint, subject=f"paste_deploy.flavor")
