"""Heat silently loads its default pipeline because the flavor names no section.

## What it does
From 25.0.0 (2025.2) heat retries `heat-api` when `heat-api-<flavor>` does not exist.
With a file that has one pipeline per flavor, a misspelt flavor therefore loads the
*default* pipeline without any error. Reported on the conf line of the flavor.

## Why is this bad?
The operator asked for one pipeline and gets another — possibly one without the
authentication or middleware they expected — and nothing is logged.

## Example
```ini heat-api-paste.ini
[pipeline:heat-api]
pipeline = faultwrap apiv1app

[pipeline:heat-api-standalone]
pipeline = faultwrap authpassword apiv1app

[filter:faultwrap]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:faultwrap_filter

[filter:authpassword]
paste.filter_factory = heat.common.auth_password:filter_factory

[app:apiv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.openstack.v1:API
```
```ini heat.conf
[paste_deploy]
flavor = standalon
```

## Use instead
```ini heat-api-paste.ini
[pipeline:heat-api]
pipeline = faultwrap apiv1app

[pipeline:heat-api-standalone]
pipeline = faultwrap authpassword apiv1app

[filter:faultwrap]
paste.filter_factory = heat.common.wsgi:filter_factory
heat.filter_factory = heat.api.openstack:faultwrap_filter

[filter:authpassword]
paste.filter_factory = heat.common.auth_password:filter_factory

[app:apiv1app]
paste.app_factory = heat.common.wsgi:app_factory
heat.app_factory = heat.api.openstack.v1:API
```
```ini heat.conf
[paste_deploy]
flavor = standalone
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.rules.ps401_unknown_flavor import describe_flavors

CODE = "PS402"
NAME = "flavor-fallback"
SEVERITY = Severity.WARNING


def check(context):
    for selection in context.selections:
        if not selection.fallback_used or selection.flavor is None or selection.error is not None:
            continue
        if selection.selector_key is not None:
            continue  # heat's squashed layout: the fallback app picks the flavor by key, as designed
        yield problem(f"flavor '{selection.flavor.value}' names no section, so {selection.profile.service} falls "
                          f"back to '{selection.app_name}' without an error (heat 25.0.0 and later)",
                      selection.flavor.value_location,
                      hint=f"flavors that load: {describe_flavors(selection.valid_flavors)}",
                      subject="paste_deploy.flavor")
