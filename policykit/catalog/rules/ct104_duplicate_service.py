"""Two services of the same type, or with the same name.

## What it does
Reports a service whose type is already used by another service (with another name),
and a service name used for two different types.

## Why is this bad?
Keystone accepts both. keystoneauth1 returns whichever service comes first in the
catalog, whose order is not defined; the openstack CLI refuses commands that name the
service by type or by name ("Multiple service matches found").

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: image, name: glance, port: 9292}
  - {type: image, name: glance-next, port: 9393}
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

CODE = "CT104"
NAME = "duplicate-service"
SEVERITY = Severity.WARNING


def check(context):
    by_type, by_name = {}, {}
    for service in context.catalog.services:
        first = by_type.get(service.type)
        if first is not None and first.name != service.name:
            yield Problem(f"second service of type `{service.type}` (`{service.name}`; the first is "
                          f"`{first.name}`): clients reach whichever comes first", context.service_location(service, "type"), "register one service per type", subject=service.type,
                          related=(context.location(first),))
        by_type.setdefault(service.type, service)
        other = by_name.get(service.name)
        if service.name and other is not None and other.type != service.type:
            yield Problem(f"service name `{service.name}` is used for `{other.type}` and `{service.type}`",
                          context.service_location(service, "name"), "give each service its own name",
                          subject=service.name, related=(context.location(other),))
        by_name.setdefault(service.name, service)
