"""The flavor is unset and the default pipeline authenticates nobody.

## What it does
For services that choose their pipeline by `[paste_deploy] flavor` (glance, heat,
murano, searchlight), reports a service conf that leaves the flavor unset when the
pipeline loaded then has a no-auth stand-in (`unauthenticated-context`, `noauth`, ...)
and no authentication filter.

## Why is this bad?
glance's `flavor` option defaults to *unset*, not to the `keystone` shown in sample
configs; unset loads `glance-api`, whose pipeline uses `unauthenticated-context`: the
image API then accepts every request as an admin, with no error and no log line.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = unauthenticated-context rootapp

[pipeline:glance-api-keystone]
pipeline = authtoken context rootapp

[filter:unauthenticated-context]
paste.filter_factory = glance.api.middleware.context:UnauthenticatedContextMiddleware.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
```ini glance-api.conf
[DEFAULT]
bind_port = 9292
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = unauthenticated-context rootapp

[pipeline:glance-api-keystone]
pipeline = authtoken context rootapp

[filter:unauthenticated-context]
paste.filter_factory = glance.api.middleware.context:UnauthenticatedContextMiddleware.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
```ini glance-api.conf
[DEFAULT]
bind_port = 9292

[paste_deploy]
flavor = keystone
```
"""


from policykit.findings import Location, Severity
from policykit.paste.checks import problem
from policykit.paste.selection import SelectorMechanism
from policykit.paste.services import is_unauthenticated

CODE = "PS404"
NAME = "unauthenticated-default"
SEVERITY = Severity.ERROR
SECURITY_SEVERITY = "9.1"


def check(context):
    conf = context.conf
    if conf is None:
        return
    for selection in context.selections:
        if selection.profile.mechanism is not SelectorMechanism.FLAVOR_SUFFIX or selection.flavor is not None:
            continue
        if selection.root is None or selection.error is not None:
            continue
        open_branches = [b for b in selection.branches if is_unauthenticated(b, selection.profile)]
        if not open_branches:
            continue
        anchor = next((v for (section, _), v in conf.values.items() if section == "paste_deploy"), None)
        location = anchor.location if anchor is not None else Location(conf.path, 1, 1)
        authenticated = [f for f in selection.valid_flavors if f and "keystone" in f]
        stage = next(s for s in open_branches[0].filters
                     if s.name in selection.profile.unauthenticated_filters) if any(
            s.name in selection.profile.unauthenticated_filters for s in open_branches[0].filters) else None
        yield problem(f"[paste_deploy] flavor is unset, so {selection.profile.service} loads "
                          f"'{selection.app_name}', which authenticates nobody"
                          + (f" ('{stage.name}' at line {stage.location.line} of the paste file)" if stage else ""),
                      location, hint=f"set [paste_deploy] flavor = {authenticated[0] if authenticated else 'keystone'}",
                      related=[stage.location if stage else None], subject="paste_deploy.flavor")
