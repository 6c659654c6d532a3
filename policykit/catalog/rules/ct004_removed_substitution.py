"""An endpoint URL uses a configuration substitution Keystone removed.

## What it does
Reports `$(compute_port)s` (removed in 8.0.0, Liberty), `$(admin_endpoint)s` (14.0.0,
Rocky), `$(public_port)s`, `$(admin_port)s`, `$(public_bind_host)s` and
`$(admin_bind_host)s` (25.0.0, 2024.1) — found in old template files and old databases.

## Why is this bad?
They are off Keystone's substitution whitelist: a create is refused (400), and an
endpoint already stored with one is dropped from every catalog.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: identity
    name: keystone
    endpoints:
      - {region: RegionOne, interface: public, url: "https://api.example.com:$(public_port)s/v3"}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: identity
    name: keystone
    endpoints:
      - {region: RegionOne, interface: public, url: "https://api.example.com:5000/v3"}
```
"""

from policykit.catalog.substitution import REMOVED, placeholders
from policykit.findings import Problem, Severity

CODE = "CT004"
NAME = "removed-substitution"
SEVERITY = Severity.ERROR


def check(context):
    if not context.templates:
        return
    for endpoint in context.catalog.endpoints:
        for name in placeholders(endpoint.url):
            if name in REMOVED:
                yield Problem(f"{endpoint.service_type} {endpoint.interface} URL: `$({name})s` was removed in "
                              f"Keystone {REMOVED[name]}; the endpoint is refused or dropped",
                              context.endpoint_location(endpoint, "url"), "write the value out",
                              subject=endpoint.service_type)
