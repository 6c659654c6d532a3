"""A service without a type, or an endpoint that does not belong to exactly one service.

## What it does
Reports a service with an empty type, two services with the same type and the same
name (an endpoint cannot say which of them it belongs to), and endpoints of a service
that is not in the catalog.

## Why is this bad?
Keystone requires a type (400). With two services of the same type and name, the
openstack CLI refuses to pick one ("Multiple service matches found"), so endpoints
cannot be created or updated by name.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: image, name: glance, port: 9292}
  - {type: image, name: glance, port: 9393}
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

CODE = "CT006"
NAME = "ambiguous-service"
SEVERITY = Severity.ERROR


def check(context):
    seen = {}
    for service in context.catalog.services:
        if not (service.type or "").strip():
            yield Problem("a service has no type", context.location(service),
                          "give the service its type, e.g. `type: compute`")
            continue
        key = (service.type, service.name)
        if key in seen:
            yield Problem(f"two services have type `{service.type}` and name `{service.name}`",
                          context.location(service),
                          "merge them into one service, or give them different names", subject=service.type,
                          related=(context.location(seen[key]),))
        else:
            seen[key] = service
    for endpoint in context.catalog.endpoints:
        if (endpoint.service_type, endpoint.service_name) not in seen:
            yield Problem(f"endpoint of `{endpoint.service_type}` belongs to no service in the catalog",
                          context.location(endpoint), "declare the service", subject=endpoint.service_type)
