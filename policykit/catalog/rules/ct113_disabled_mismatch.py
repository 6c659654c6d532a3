"""A disabled service with endpoints marked enabled, or an enabled service whose endpoints are all disabled.

## What it does
Reports a service with `enabled: false` that has an endpoint written with
`enabled: true`, and an enabled service whose every endpoint is disabled.

## Why is this bad?
A disabled service hides all its endpoints, whatever they say — the enabled endpoint
was probably meant to be seen. An enabled service without enabled endpoints is still
listed, with `"endpoints": []`, and clients get "endpoint not found" instead of a
missing service.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: dns
    name: designate
    port: 9001
    interfaces: [public]
    endpoints:
      - {region: RegionOne, interface: public, url: "https://api.example.com:9001", enabled: false}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: dns
    name: designate
    port: 9001
    interfaces: [public]
    enabled: false
```
"""

from policykit.findings import Problem, Severity

CODE = "CT113"
NAME = "disabled-mismatch"
SEVERITY = Severity.WARNING


def _explicitly_enabled(context, service):
    if context.deployment is None:
        return []
    for candidate in context.deployment.services:
        if (candidate.type, candidate.name) == (service.type, service.name):
            return [e for e in candidate.endpoints if e.enabled and "enabled" in e.field_locations]
    return []


def check(context):
    for service in context.catalog.services:
        endpoints = context.endpoints_of(service)
        if not service.enabled:
            for endpoint in _explicitly_enabled(context, service):
                yield Problem(f"{service.type} is disabled, so its endpoint marked enabled is hidden too",
                              endpoint.field_locations["enabled"],
                              "enable the service, or drop `enabled: true` from the endpoint", subject=service.type)
        elif endpoints and not any(e.enabled for e in endpoints):
            yield Problem(f"{service.type} is enabled but all its endpoints are disabled: it is listed with "
                          "no endpoints", context.service_location(service, "enabled"),
                          "disable the service itself (`enabled: false`)", subject=service.type)
