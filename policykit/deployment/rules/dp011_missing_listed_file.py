"""A policy, paste or config file the deployment lists does not exist.

## What it does
Checks that every file a service lists under `policy`, `paste` and `config` exists
(paths are relative to the deployment file).

## Why is this bad?
`policykit lint` checks the files a deployment lists; a missing one is not checked at
all, and usually means the path is wrong — the service may be reading another file.

## Example
```yaml deployment.yaml
version: 1
services:
  - type: image
    name: glance
    policy: policies/glance-missing.yaml
```

## Use instead
```yaml deployment.yaml
version: 1
services:
  - type: image
    name: glance
```
"""

from policykit.findings import Problem, Severity

CODE = "DP011"
NAME = "missing-listed-file"
SEVERITY = Severity.ERROR


def check(context):
    deployment = context.deployment
    if deployment is None:
        return
    for service in deployment.services:
        listed = [("policy", p) for p in service.policy]
        listed += [(key, getattr(service, key)) for key in ("paste", "config") if getattr(service, key)]
        for key, path in listed:
            if not path.is_file():
                what = "is a directory, not a file" if path.is_dir() and key != "policy" else "does not exist"
                if key == "policy" and path.is_dir():
                    continue  # a policy.d directory
                yield Problem(f"service {service.label}: {key} file {path} {what}",
                              context.location(service, key),
                              "fix the path (relative to the deployment file) or create the file",
                              subject=str(path))
