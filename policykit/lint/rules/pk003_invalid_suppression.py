"""A suppression comment policykit cannot use.

## What it does
Reports a comment that starts like a suppression (`# policykit:`) but is malformed,
names an unknown code, or — in a paste ini file — follows a value on the same line.

## Why is this bad?
The comment suppresses nothing, so the finding it was meant for stays; worse, in an ini
file text after a value is part of the value (ConfigParser has no inline comments), so
the comment changes what the service reads.

## Example
```yaml policy.yaml
"compute:start": "role:admin"  # policykit: ignore PK001
```

## Use instead
```yaml policy.yaml
"compute:start": "role:admin"
```
"""

from policykit.findings import Problem, Severity

CODE = "PK003"
NAME = "invalid-suppression"
SEVERITY = Severity.WARNING


def check(context):
    """``context.invalid_suppressions``: problems found while reading suppression comments."""
    for invalid in context.invalid_suppressions:
        yield Problem(message=invalid.message, location=invalid.location, hint=invalid.hint)
