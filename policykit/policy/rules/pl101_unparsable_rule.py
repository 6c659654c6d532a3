"""A rule oslo.policy cannot parse, so it silently denies everyone.

## What it does
Reports a rule whose text does not fit the policy language: unbalanced parentheses, a
dangling `and`/`or`/`not`, a quoted chunk (`"role:admin"` inside the value), `not(` with
no space, two checks with nothing between them.

## Why is this bad?
oslo.policy does not reject the file. It logs `Failed to understand rule` once at load
time and replaces the **whole** rule by `!`, so nobody — not even the admins the rule
was written for — is allowed. Part of the rule that would have matched does not help:
`role:admin or role:member)` denies everyone.

## Example
```yaml policy.yaml
"compute:start": "role:admin or not(role:reader)"
```

## Use instead
```yaml policy.yaml
"compute:start": "role:admin or not (role:reader)"
```
"""

from policykit.findings import Severity
from policykit.policy.lint import diagnostics_of

CODE = "PL101"
NAME = "unparsable-rule"
SEVERITY = Severity.ERROR


def deny_all_diagnostic(entry):
    """The parser's diagnostic for a text rule oslo replaces entirely by `!`, or None."""
    if not isinstance(entry.raw, str):
        return None
    return next((d for d in diagnostics_of(entry) if d.deny_all), None)


def check(context):
    for entry in context.effective_entries():
        diagnostic = deny_all_diagnostic(entry)
        if diagnostic is None:
            continue
        yield context.problem(
            f"{entry.name!r}: {diagnostic.message}",
            context.value_location(entry, diagnostic.start, diagnostic.end), entry=entry,
            hint=f"did you mean {diagnostic.suggestion!r}?" if diagnostic.suggestion and diagnostic.kind in
            ("operator-glued-to-paren", "missing-operator", "incomplete-substitution") else diagnostic.suggestion,
        )
