"""Some endpoints have a region and others have none.

## What it does
Reports endpoints without a region (`region: null`, or none in a catalog read from a
token) in a catalog where other endpoints have one.

## Why is this bad?
An endpoint without a region never matches a region filter, and most clouds set
`OS_REGION_NAME`: clients then do not find the service at all.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: image
    name: glance
    interfaces: []
    endpoints:
      - {region: null, interface: public, url: "https://api.example.com:9292"}
  - {type: compute, name: nova, port: 8774, path: /v2.1}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: image, name: glance, port: 9292}
  - {type: compute, name: nova, port: 8774, path: /v2.1}
```
"""

from policykit.findings import Problem, Severity

CODE = "CT106"
NAME = "endpoint-without-region"
SEVERITY = Severity.WARNING


def check(context):
    endpoints = context.catalog.endpoints
    if not any(e.region for e in endpoints):
        return
    for endpoint in endpoints:
        if not endpoint.region:
            yield Problem(f"{endpoint.service_type} {endpoint.interface} endpoint has no region; a client that "
                          "asks for a region never finds it", context.endpoint_location(endpoint, "region"),
                          "give the endpoint a region", subject=endpoint.service_type)
