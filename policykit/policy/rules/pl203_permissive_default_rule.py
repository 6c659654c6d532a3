"""A `default` rule that allows everyone.

## What it does
Reports a `default` rule that is empty or otherwise always allows.

## Why is this bad?
oslo.policy evaluates the default rule for every policy name that neither the file nor
the service's registered defaults define, and for every `rule:` reference to an
undefined name. With an allow-everyone default, a misspelt reference or a policy the
service adds in an upgrade is open to everyone.

## Example
```yaml policy.yaml
"default": ""
"compute:start": "role:member"
```

## Use instead
```yaml policy.yaml
"default": "role:admin"
"compute:start": "role:member"
```
"""

from policykit.findings import Severity

CODE = "PL203"
NAME = "permissive-default-rule"
SEVERITY = Severity.WARNING
SECURITY_SEVERITY = "6.5"


def check(context):
    entry = context.rules.get(context.default_rule)
    if entry is None or entry.check is None:
        return
    constant = context.folder.fold(entry.check)
    if constant is None or not constant.value:
        return
    yield context.problem(
        f"the default rule allows everyone ({constant.because}): every policy name and `rule:` reference "
        "nothing else defines is open to all callers",
        context.key_location(entry), entry=entry,
        hint='make it restrictive, e.g. "role:admin", or "!" to deny what nobody defined',
    )
