"""A service without a name, or with a name other than its project's.

## What it does
Reports services with an empty name, and services of a registered type whose name is
not the project's (`nova` for compute, `cinder` for block-storage …; a version suffix
such as `cinderv3` is accepted).

## Why is this bad?
keystoneauth1 ignores `service_name` filters for services named `""`, so a client
asking for a name cannot tell two services apart; conventional names are what
operators and tools type.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: image, port: 9292}
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

import re

from policykit.catalog.rules._shared import registry
from policykit.findings import Problem, Severity

CODE = "CT201"
NAME = "service-name"
SEVERITY = Severity.INFO


def check(context):
    types = registry()
    for service in context.catalog.services:
        if not service.type:
            continue
        if not service.name:
            yield Problem(f"{service.type} service has no name", context.service_location(service, "type"),
                          "give it its project's name", subject=service.type)
            continue
        official = types.get_service_type(service.type)
        project = types.get_project_name(official) if official else None
        if not project:
            continue
        if service.name != project and not re.fullmatch(re.escape(project) + r"v\d+", service.name):
            yield Problem(f"{service.type} service is named `{service.name}`; its project is `{project}`",
                          context.service_location(service, "name"), f"name it `{project}`",
                          subject=service.type)
