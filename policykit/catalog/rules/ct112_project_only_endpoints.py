"""Every endpoint of a service needs a project id, so domain- and system-scoped tokens see none.

## What it does
Reports an enabled service all of whose enabled endpoints contain `$(project_id)s` or
`$(tenant_id)s`.

## Why is this bad?
Keystone leaves such endpoints out of the catalog of domain- and system-scoped tokens
without a word; cloud administrators working with a system-scoped token then get
"endpoint not found" for the service. Offering an internal or admin URL without the
project id (swift `/v1`, cinder `/v3`; `per_interface: {internal: {path: /v1}}`) keeps
the service reachable.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: block-storage
    name: cinder
    port: 8776
    path: /v3/$(project_id)s
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

from policykit.catalog.substitution import needs_project
from policykit.findings import Problem, Severity

CODE = "CT112"
NAME = "project-only-endpoints"
SEVERITY = Severity.WARNING


def check(context):
    if not context.templates:
        return
    for service in context.catalog.services:
        endpoints = [e for e in context.endpoints_of(service) if e.enabled]
        if service.enabled and endpoints and all(needs_project(e.url) for e in endpoints):
            yield Problem(f"every {service.type} endpoint needs a project id: domain- and system-scoped tokens "
                          "get no endpoint for it", context.service_location(service, "path"),
                          "add an endpoint without $(project_id)s if the API allows it", subject=service.type)
