"""A key the deployment format does not know.

## What it does
Reports every key that is not part of the deployment format, at any level (top level,
defaults, regions, services, endpoints, identity objects), with the closest known key.

## Why is this bad?
An unknown key is ignored, so what it was meant to say silently does not happen: a
misspelt `interface` leaves a service with the default interfaces, a misspelt `regions`
puts it in every region.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: compute
    name: nova
    port: 8774
    pathh: /v2.1
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
```
"""

from policykit.findings import Severity
from policykit.deployment.rules._shared import reader_issues

CODE = "DP002"
NAME = "unknown-deployment-key"
SEVERITY = Severity.ERROR


def check(context):
    yield from reader_issues(context, CODE)
