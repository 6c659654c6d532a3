"""The paste file does not define an app the service loads.

## What it does
Knows the names each service passes to `loadapp` — nova `osapi_compute` and `metadata`,
cinder `osapi_volume`, neutron `neutron`, keystone `main` and `admin`, swift `main`,
glance `glance-api` (flavor unset), ... — and reports those the file does not define.
(A flavor that names no section is PS401.)

## Why is this bad?
The service stops at start with "Could not load paste app 'osapi_compute'" or
`LookupError: No section 'main'`. Files copied from another service or release, or a
section renamed by hand, are the usual cause.

## Example
```ini api-paste.ini
[composite:osapi_compute_v2]
use = call:nova.api.openstack.urlmap:urlmap_factory
/v2.1: osapi_compute_app_v21

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
```
```ini nova.conf
[api]
auth_strategy = keystone
```

## Use instead
```ini api-paste.ini
[composite:osapi_compute]
use = call:nova.api.openstack.urlmap:urlmap_factory
/v2.1: osapi_compute_app_v21

[app:osapi_compute_app_v21]
paste.app_factory = nova.api.openstack.compute:APIRouterV21.factory
```
```ini nova.conf
[api]
auth_strategy = keystone
```
"""


from policykit.findings import Location, Severity
from policykit.paste.checks import problem
from policykit.paste.selection import SelectorMechanism

CODE = "PS405"
NAME = "missing-service-app"
SEVERITY = Severity.ERROR


def check(context):
    for selection in context.selections:
        if selection.root is not None or selection.fallback_used:
            continue
        if selection.profile.mechanism is SelectorMechanism.FLAVOR_SUFFIX and selection.flavor is not None:
            continue  # PS401, on the conf line
        if context.profile is not None and selection.app_name != context.profile.app_names[0] \
                and selection.profile.mechanism is not SelectorMechanism.FLAVOR_SUFFIX:
            continue  # secondary apps (nova metadata) are optional in a file
        first = context.paste.sections[0].location if context.paste.sections else Location(context.path, 1, 1)
        yield problem(f"{selection.profile.service} loads '{selection.app_name}' from this file, and no "
                          "app, composite, pipeline or filter-app section has that name", first,
                      hint=f"define [composite:{selection.app_name}] or [pipeline:{selection.app_name}], or check "
                           f"that this is the {selection.profile.service} paste file",
                      subject=selection.app_name)
