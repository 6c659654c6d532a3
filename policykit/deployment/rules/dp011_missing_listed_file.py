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

import stat

from policykit.findings import Problem, Severity

CODE = "DP011"
NAME = "missing-listed-file"
SEVERITY = Severity.ERROR


def _what_is_there(path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError:
        return "does not exist"
    kind = "a directory" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else \
        "a socket" if stat.S_ISSOCK(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "special"
    return f"is {kind}, not a regular file"


def check(context):
    deployment = context.deployment
    if deployment is None:
        return
    for service in deployment.services:
        listed = [("policy", p) for p in service.policy]
        listed += [(key, getattr(service, key)) for key in ("paste", "config") if getattr(service, key)]
        for key, path in listed:
            if not path.is_file():
                if key == "policy" and path.is_dir():
                    continue  # a policy.d directory
                what = _what_is_there(path)
                yield Problem(f"service {service.label}: {key} file {path} {what}",
                              context.location(service, key),
                              "fix the path (relative to the deployment file) or create the file",
                              subject=str(path))
