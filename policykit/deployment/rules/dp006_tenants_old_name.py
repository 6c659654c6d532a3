"""`tenants` is used as the old name of `projects`.

## What it does
Reports an `identity` section that lists its projects under `tenants`, the name Keystone
used before the v3 API.

## Why is this bad?
It still works — policykit reads `tenants` as `projects` — but Keystone, the policy files
and the rest of this file speak of projects; mixing both names makes a reader wonder
whether tenants are something else.

## Example
```yaml deployment.yaml
version: 1
identity:
  tenants:
    - {name: demo, domain: Default}
```

## Use instead
```yaml deployment.yaml
version: 1
identity:
  projects:
    - {name: demo, domain: Default}
```
"""

from policykit.findings import Problem, Severity

CODE = "DP006"
NAME = "tenants-is-old-name"
SEVERITY = Severity.WARNING


def check(context):
    deployment = context.deployment
    if deployment is None or deployment.identity.tenants_location is None:
        return
    yield Problem("`tenants` is the old name of `projects`", deployment.identity.tenants_location,
                  "rename the key to `projects`")
