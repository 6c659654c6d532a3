"""A service type that is neither official nor an alias, but close to one.

## What it does
Checks every service type against the service-types-authority registry (the copy that
ships with os-service-types) and reports a type that is unknown but looks like a known
one: wrong case (`Compute`), `_` for `-` (`object_store`), a version glued on
(`computev21`), or a near spelling. Unknown types that resemble nothing are CT202.

## Why is this bad?
keystoneauth1 matches a requested type only exactly or between an official type and its
aliases, case-sensitively: a client asking for `compute` never finds `Compute` or
`computev21` ("compute endpoint for compute service in RegionOne region not found").

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: object_store
    name: swift
    port: 8080
    path: /v1/AUTH_$(project_id)s
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: object-store
    name: swift
    port: 8080
    path: /v1/AUTH_$(project_id)s
```
"""

from policykit.catalog.rules._shared import intended_type, known_type
from policykit.findings import Finding, Severity

CODE = "CT101"
NAME = "unknown-service-type"
SEVERITY = Severity.WARNING


def check(context):
    for service in context.catalog.services:
        if not service.type or known_type(service.type) or ":" in service.type:
            continue
        guess = intended_type(service.type)
        if guess is None:
            continue
        yield Finding(CODE, f"service type `{service.type}` is not in the service-types registry; "
                      f"clients asking for `{guess}` will not find it", context.service_location(service, "type"),
                      SEVERITY, f"write `type: {guess}`", subject=service.type)
