"""A service type that is neither official nor an alias, but close to one.

## What it does
Checks every service type against the service-types-authority registry (the copy that
ships with os-service-types) and reports a type that is unknown but looks like a known
one: wrong case (`Compute`), `_` for `-` (`object_store`), a version glued on
(`computev21`), or a near spelling. Unknown types that resemble nothing are CT202.

## Why is this bad?
keystoneauth1 matches a requested type only exactly or between an official type and its
aliases, case-sensitively: a client asking for `compute` never finds `Compute` or
`computev21` ("public endpoint for compute service in RegionOne region not found").
keystoneauth1 does read `_` in a catalog type as `-`, but clients that compare types
exactly (gophercloud, shell scripts, monitoring) do not.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: computev21
    name: nova
    port: 8774
    path: /v2.1
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: compute
    name: nova
    port: 8774
    path: /v2.1
```
"""

from policykit.catalog.rules._shared import intended_type, known_type
from policykit.findings import Problem, Severity

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
        if service.type.replace("_", "-") in (guess, *context.types.get_all_types(guess)):
            effect = "keystoneauth1 reads `_` as `-`, but clients that compare types exactly will not find it"
        else:
            effect = f"clients asking for `{guess}` will not find it"
        yield Problem(f"service type `{service.type}` is not in the service-types registry; {effect}",
                      context.service_location(service, "type"), f"write `type: {guess}`", subject=service.type)
