"""The flavor or auth_strategy is not a key of the composite that picks the pipeline.

## What it does
glance 27+ and heat pick the pipeline inside a `pipeline_factory` composite whose keys
are the flavors (`default` when unset); nova, cinder, manila, neutron and designate pick
it by `auth_strategy`. Reports the conf line (or, for an unset value, the composite) when
the value is not a key of every such composite the service reaches.

## Why is this bad?
The factory raises `KeyError('keystone+foo')`, which the services wrap into "Unable to
load glance-api-keystone+foo ... Got: KeyError('keystone+foo')" or "Could not load
paste app 'osapi_compute'". In glance's two-level layout a flavor has to exist twice —
as a section suffix and as a key — and it is easy to add only one.

## Example
```ini glance-api-paste.ini
[composite:glance-api-keystone]
paste.composite_factory = glance.api:root_app_factory
/: api

[composite:api]
paste.composite_factory = glance.api:pipeline_factory
default = unauthenticated-context rootapp

[filter:unauthenticated-context]
paste.filter_factory = glance.api.middleware.context:UnauthenticatedContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
```ini glance-api.conf
[paste_deploy]
flavor = keystone
```

## Use instead
```ini glance-api-paste.ini
[composite:glance-api-keystone]
paste.composite_factory = glance.api:root_app_factory
/: api

[composite:api]
paste.composite_factory = glance.api:pipeline_factory
default = unauthenticated-context rootapp
keystone = authtoken context rootapp

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
[paste_deploy]
flavor = keystone
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.resolution import ErrorCategory
from policykit.paste.selection import SelectorMechanism
from policykit.paste.services import selector_keys

CODE = "PS403"
NAME = "selector-key-missing"
SEVERITY = Severity.ERROR


def check(context):
    for selection in context.selections:
        error = selection.error
        if error is None or error.category is not ErrorCategory.SELECTOR_KEY_MISSING:
            continue
        setting = selection.flavor if selection.profile.mechanism is SelectorMechanism.FLAVOR_SUFFIX \
            else selection.auth_strategy
        what = "flavor" if selection.profile.mechanism is SelectorMechanism.FLAVOR_SUFFIX else "auth_strategy"
        keys = selector_keys(context.resolution, selection.app_name)
        message = (f"{what} '{selection.selector_key}' is not a key of the composite that picks the pipeline: "
                   f"{error.message}")
        hint = f"keys there: {', '.join(keys) or 'none'}"
        if setting is not None:
            yield problem(message, setting.value_location, hint=hint, related=[error.location],
                          subject=f"{what}")
        else:
            yield problem(message + f" ({what} is unset, so '{selection.selector_key}' is used)",
                          error.location, hint=hint, subject=error.subject)
