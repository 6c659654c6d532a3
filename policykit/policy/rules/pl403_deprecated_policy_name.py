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
from policykit.policy.rules._defaults_common import parsed_str

CODE = "PL403"
NAME = "deprecated-policy-name"
SEVERITY = Severity.WARNING


def check(context):
    defaults = context.defaults
    if defaults is None:
        return
    renamed = defaults.renamed_from()
    for entry in context.effective_entries():
        replacements = renamed.get(entry.name)
        if replacements and entry.name not in defaults.rules:
            names = [rule.name for rule in replacements]
            shown = ", ".join(repr(n) for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            since = f" since {replacements[0].deprecated_since}" if replacements[0].deprecated_since else ""
            old_default = replacements[0].deprecated_check_str
            inheriting = [n for n in names if n not in context.rules]
            if entry.check is not None and old_default is not None and str(entry.check) == parsed_str(old_default):
                effect = "it equals the old default, so oslo.policy ignores it: delete it"
            elif not inheriting:
                effect = "it is ignored because the new names are overridden too"
            elif entry.check is not None and {str(entry.check)} & {f"rule:{n}" for n in names}:
                effect = "it only points at the new name, so oslo.policy ignores it"
            else:
                effect = f"oslo.policy still applies it to {len(inheriting)} new name(s), with a warning, " \
                         "until the old name is removed"
            yield context.problem(
                f"{entry.name!r} is deprecated{since} in favour of {shown}; {effect}",
                context.key_location(entry), entry=entry,
                hint=f"override {shown} instead" if len(names) > 1 else f"rename the key to {names[0]!r}",
            )
            continue
        registered = defaults.get(entry.name)
        if registered is not None and registered.deprecated_for_removal:
            since = f" since {registered.deprecated_since}" if registered.deprecated_since else ""
            reason = " ".join((registered.deprecated_reason or "").split())
            yield context.problem(
                f"{entry.name!r} is deprecated for removal{since}" + (f": {reason}" if reason else ""),
                context.key_location(entry), entry=entry,
                hint="remove the override once nothing refers to it",
            )
