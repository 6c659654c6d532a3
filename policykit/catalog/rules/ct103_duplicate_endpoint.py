"""More than one endpoint for the same service type, interface and region.

## What it does
Reports a second enabled endpoint with the same (service type, interface, region).

## Why is this bad?
Keystone accepts duplicates. Clients take the first one in catalog order — and that
order is whatever the database returns, so two clients (or two days) may reach
different URLs.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: image
    name: glance
    port: 9292
    endpoints:
      - {region: RegionOne, interface: public, url: "https://api.example.com:9292"}
      - {region: RegionOne, interface: public, url: "https://images.example.com"}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: image
    name: glance
    port: 9292
    endpoints:
      - {region: RegionOne, interface: public, url: "https://images.example.com"}
```
"""

from policykit.findings import Problem, Severity

CODE = "CT103"
NAME = "duplicate-endpoint"
SEVERITY = Severity.WARNING


def check(context):
    enabled_services = {(s.type, s.name) for s in context.catalog.services if s.enabled}
    seen = {}
    for endpoint in context.catalog.endpoints:
        if not endpoint.enabled or (endpoint.service_type, endpoint.service_name) not in enabled_services:
            continue
        key = (endpoint.service_type, endpoint.interface, endpoint.region)
        if key in seen:
            first = seen[key]
            yield Problem(f"second {endpoint.interface} endpoint for {endpoint.service_type} in {endpoint.region} "
                          f"({endpoint.url}; the first is {first.url}): clients pick one by catalog order",
                          context.endpoint_location(endpoint), "keep one endpoint per interface and region",
                          subject=endpoint.service_type, related=(context.location(first),))
        else:
            seen[key] = endpoint
