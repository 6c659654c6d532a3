"""An override of a deprecated policy name, or of a policy deprecated for removal.

## What it does
Reports a file key that the service registers only as the *deprecated* name of a newer
policy, says which name replaced it and whether oslo.policy still applies the override
(it does, to the new name, unless the new name is overridden too — then this entry is
ignored). Also reports overrides of policies the service has deprecated for removal.

## Why is this bad?
Deprecated names disappear in a later release, and the override silently stops
applying. Until then oslo.policy warns at every start.

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:get_user": "role:admin"
"identity:revocation_list": "role:admin"
```

## Use instead
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:get_user": "role:admin"
```
"""

from policykit.findings import Severity

CODE = "PL403"
NAME = "deprecated-policy-name"
SEVERITY = Severity.WARNING


def check(context):
    defaults = context.defaults
    if defaults is None:
        return
    renamed = defaults.renamed_from()
    for entry in context.effective_entries():
        replacement = renamed.get(entry.name)
        if replacement is not None and entry.name not in defaults.rules:
            since = f" since {replacement.deprecated_since}" if replacement.deprecated_since else ""
            if replacement.name in context.rules:
                effect = f"this override is ignored because {replacement.name!r} is overridden too"
            else:
                effect = f"oslo.policy still applies it to {replacement.name!r}, with a warning, until the old name is removed"
            yield context.finding(
                CODE, SEVERITY,
                f"{entry.name!r} is deprecated{since} in favour of {replacement.name!r}; {effect}",
                context.key_location(entry), entry=entry, hint=f"rename the key to {replacement.name!r}",
            )
            continue
        registered = defaults.get(entry.name)
        if registered is not None and registered.deprecated_for_removal:
            since = f" since {registered.deprecated_since}" if registered.deprecated_since else ""
            reason = " ".join((registered.deprecated_reason or "").split())
            yield context.finding(
                CODE, SEVERITY,
                f"{entry.name!r} is deprecated for removal{since}" + (f": {reason}" if reason else ""),
                context.key_location(entry), entry=entry,
                hint="remove the override once nothing refers to it",
            )
