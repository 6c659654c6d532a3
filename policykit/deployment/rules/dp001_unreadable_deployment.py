"""The deployment file cannot be read or parsed.

## What it does
Reports a deployment file that is missing, is not UTF-8, is not valid YAML, is empty, or
whose top level is not a mapping. Nothing else can be checked in such a file.

## Why is this bad?
Every command that works from the deployment (catalog rendering, the policy linter's
role and project checks, personas) needs to read it first.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com}
```
"""

from policykit.findings import Severity
from policykit.deployment.rules._shared import reader_issues

CODE = "DP001"
NAME = "unreadable-deployment"
SEVERITY = Severity.ERROR


def check(context):
    yield from reader_issues(context, CODE)
