"""A value of the wrong type or outside what the format allows.

## What it does
Reports values that cannot be used as written: a list where a mapping is expected, a
port that is not a number between 1 and 65535, a path that does not start with `/`,
`enabled` that is not true or false, an empty name, an unsupported `version`.

## Why is this bad?
The model cannot be built from such a value; policykit would have to guess, and the
catalog it computes would not be the one you meant.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: image
    name: glance
    port: "92 92"
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
```
"""

from policykit.findings import Severity
from policykit.deployment.rules._shared import reader_issues

CODE = "DP003"
NAME = "invalid-deployment-value"
SEVERITY = Severity.ERROR


def check(context):
    yield from reader_issues(context, CODE)
