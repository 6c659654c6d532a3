"""A key is given twice in the same mapping.

## What it does
Reports a key repeated in one mapping, and a file that gives both `projects` and its old
name `tenants`.

## Why is this bad?
YAML keeps only the last value of a repeated key without a word, so the first one —
often the one that was reviewed — has no effect.

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
    port: 8775
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
```
"""

from policykit.findings import Severity
from policykit.deployment.rules._shared import reader_issues

CODE = "DP005"
NAME = "duplicate-deployment-key"
SEVERITY = Severity.ERROR


def check(context):
    yield from reader_issues(context, CODE)
