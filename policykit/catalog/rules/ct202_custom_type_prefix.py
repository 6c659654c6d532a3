"""A service type the registry does not know, without an `org:` prefix.

## What it does
Reports unregistered service types that do not look like a misspelt registered one
(those are CT101), are not a type an OpenStack service was once registered under
(`queuing`, `ec2`, `cloudformation`: CT102 names their successors) and have no `org:`
prefix.

## Why is this bad?
The service-types authority reserves unprefixed names for registered services: a
custom type may collide with one registered later. A prefix (`acme:billing`) says the
type is local.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: billing, name: acme-billing, port: 9900}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: "acme:billing", name: acme-billing, port: 9900}
```
"""

from policykit.catalog.rules._shared import intended_type, known_type
from policykit.findings import Problem, Severity
from policykit.services import for_type

CODE = "CT202"
NAME = "custom-type-prefix"
SEVERITY = Severity.INFO


def check(context):
    for service in context.catalog.services:
        if not service.type or known_type(service.type) or ":" in service.type or intended_type(service.type):
            continue
        if for_type(service.type) is not None:
            continue  # an OpenStack service's own (older) type, not a local one
        yield Problem(f"service type `{service.type}` is not registered and has no `org:` prefix",
                      context.service_location(service, "type"),
                      f"write `type: \"yourorg:{service.type}\"`", subject=service.type)
