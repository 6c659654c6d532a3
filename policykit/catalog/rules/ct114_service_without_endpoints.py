"""An enabled service without any endpoint.

## What it does
Reports an enabled service that has no endpoint at all (for example `regions: []`, or
`interfaces: []` without explicit endpoints).

## Why is this bad?
Keystone still lists the service, with `"endpoints": []`; clients find the service
type and then fail with "endpoint not found", which is harder to diagnose than a
missing service.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: image, name: glance, port: 9292, regions: []}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: image, name: glance, port: 9292}
```
"""

from policykit.findings import Problem, Severity

CODE = "CT114"
NAME = "service-without-endpoints"
SEVERITY = Severity.WARNING


def check(context):
    for service in context.catalog.services:
        if service.enabled and not context.endpoints_of(service):
            yield Problem(f"{service.type} ({service.name or 'no name'}) has no endpoints; "
                          "Keystone lists it with an empty endpoint list", context.location(service),
                          "add endpoints (regions, interfaces) or disable the service", subject=service.type)
