"""A service's endpoint URL cannot be computed: no host for its region and interface.

## What it does
For every service, region and interface without an explicit endpoint, the URL needs a
host from the service's `hosts` or the region's `hosts`. Reports each combination that
has neither.

## Why is this bad?
policykit cannot say what the endpoint's URL is, so it leaves it out of every rendered
catalog (and `catalog render` refuses the deployment): the service would have no
endpoint there.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com}
services:
  - type: compute
    name: nova
    port: 8774
    path: /v2.1
    interfaces: [public, internal]
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
    interfaces: [public, internal]
```
"""

from policykit.catalog.builder import computed_url
from policykit.catalog.model import INTERFACES
from policykit.findings import Problem, Severity

CODE = "DP010"
NAME = "missing-host"
SEVERITY = Severity.ERROR


def check(context):
    deployment = context.deployment
    if deployment is None:
        return
    for service in deployment.services:
        explicit = {(e.region, e.interface) for e in service.endpoints}
        for region_id in deployment.service_regions(service):
            if deployment.region(region_id) is None:
                continue  # an undeclared region is reported by CT005
            for interface in deployment.service_interfaces(service):
                if interface not in INTERFACES:
                    continue  # CT001 reports the name; no host key can match it
                if (region_id, interface) in explicit or computed_url(deployment, service, region_id, interface):
                    continue
                yield Problem(
                    f"service {service.label}: region {region_id} has no {interface} host",
                    context.location(service),
                    f"add `{interface}: HOST` to the hosts of region {region_id} (or to the service), "
                    "or an explicit endpoint", subject=service.label,
                )
