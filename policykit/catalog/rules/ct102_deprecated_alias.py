"""A service registered under an alias instead of its official type.

## What it does
Reports a service type that is an alias in the service-types registry — `volumev3`,
`volumev2` and `volume` for `block-storage`, `sharev2` for `shared-file-system`,
`metering` for `meter` … — or an older catalog type that an official one replaced
(`queuing`, marconi's, now `message`; `ec2`, now `ec2-api`). When the official type is registered too (a migration), also
reports URLs that differ between the two.

## Why is this bad?
Clients look for the official type first and then the aliases in order; tools have
moved to the official types (tempest, kolla). An alias kept alongside the official
type must point at the same API, or clients asking by different names reach different
endpoints.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: volumev3
    name: cinderv3
    port: 8776
    path: /v3
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: block-storage
    name: cinder
    port: 8776
    path: /v3
```
"""

from policykit.catalog.rules._shared import registry
from policykit.findings import Problem, Severity
from policykit.services import successor_type

CODE = "CT102"
NAME = "deprecated-alias"
SEVERITY = Severity.WARNING


def _urls(context, service_types):
    return {(e.interface, e.region): e.url for e in context.catalog.endpoints
            if e.service_type in service_types and e.enabled}


def check(context):
    types = registry()
    present = {s.type for s in context.catalog.services}
    for service in context.catalog.services:
        renamed = successor_type(service.type) if service.type else None
        if not service.type or not (types.is_alias(service.type) or renamed):
            continue
        official = renamed or types.get_service_type(service.type)
        message = (f"service type `{service.type}` is an older type of `{official}`" if renamed
                   else f"service type `{service.type}` is an alias of `{official}`")
        hint = f"register the service as `type: {official}`"
        if official in present:
            mine, theirs = _urls(context, {service.type}), _urls(context, {official})
            differing = sorted(k for k in mine.keys() & theirs.keys() if mine[k].rstrip("/") != theirs[k].rstrip("/"))
            if differing:
                interface, region = differing[0]
                message += (f"; its {interface} URL in {region} differs from `{official}`'s "
                            f"({mine[differing[0]]} vs {theirs[differing[0]]})")
                hint = "point both at the same API while both are registered"
            else:
                hint = f"remove it once no client asks for `{service.type}`"
        yield Problem(message, context.service_location(service, "type"), hint, subject=service.type)
