"""No `default` rule: what happens to names nothing defines.

## What it does
Notes a policy file without a `default` rule (when the registered defaults, if known,
do not define one either).

## Why is this bad?
It is not wrong — it is fail-closed: an unknown policy name and a `rule:` reference to
an undefined name are both denied. The note is there so that this is a decision, not an
accident: a `default` added later (or in a `policy.d` file) changes the meaning of every
undefined reference in this file.

## Example
```yaml policy.yaml
"compute:start": "role:member"
```

## Use instead
```yaml policy.yaml
"default": "!"
"compute:start": "role:member"
```
"""

from policykit.findings import Location, Severity

CODE = "PL204"
NAME = "no-default-rule"
SEVERITY = Severity.INFO


def check(context):
    if not context.entries or context.defined(context.default_rule):
        return
    first = context.entries[0]
    yield context.problem(
        f"no `{context.default_rule}` rule: unknown policy names and `rule:` references to undefined names are denied",
        Location(context.path, first.key_node.line, first.key_node.column),
        hint='add "default": "!" to make that explicit',
    )
