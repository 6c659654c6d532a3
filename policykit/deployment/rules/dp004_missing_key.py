"""A required key is missing.

## What it does
Reports objects without the keys they need: a region without `id`, a service without
`type`, an explicit endpoint without `region`, `interface` or `url`, an identity object
without `name`, an assignment without `user` or `role`.

## Why is this bad?
Keystone rejects a service without a type and an endpoint without an interface or URL;
an object without a name cannot be referred to.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - name: nova
    port: 8774
    path: /v2.1
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

CODE = "DP004"
NAME = "missing-deployment-key"
SEVERITY = Severity.ERROR


def check(context):
    yield from reader_issues(context, CODE)
