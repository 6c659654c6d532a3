"""A value that is empty by accident — YAML null, an unquoted `!`, `~` — and so allows everyone.

## What it does
Reports a policy whose value YAML reads as null (`name:` with nothing after it, `~`,
`null`, and the unquoted `!`, which YAML takes for a tag). (The list-syntax idiom `[]`
is the old spelling of "everyone" and is left to PL601, which rewrites it as `""`.)

## Why is this bad?
oslo.policy treats an empty rule as "allow everyone". The unquoted `!` is the cruel
case: the operator wrote "nobody" and got "everybody". `"!"` in quotes denies; `""`
allows on purpose.

## Example
```yaml policy.yaml
"compute:delete": !
```

## Use instead
```yaml policy.yaml
"compute:delete": "!"
```
"""

from policykit.findings import Severity
from policykit.policy.lint import is_null, null_spelling

CODE = "PL201"
NAME = "empty-value-allows-all"
SEVERITY = Severity.ERROR
SECURITY_SEVERITY = "9.0"


def describe(entry) -> str | None:
    if is_null(entry):
        spelling = null_spelling(entry)
        if spelling.startswith("!"):
            return "the unquoted `!` is a YAML tag, not the deny rule: the value is null"
        if spelling == "":
            return "the value is empty (YAML null)"
        return f"`{spelling}` is YAML null"
    return None


def check(context):
    for entry in context.effective_entries():
        what = describe(entry)
        if what is None:
            continue
        hint = 'quote it: "!" denies everyone' if null_spelling(entry).startswith("!") else \
            'write "!" to deny everyone, or "" if everyone really is allowed'
        yield context.problem(
            f"{entry.name!r}: {what}, which oslo.policy reads as allow-everyone",
            context.key_location(entry) if is_null(entry) and not null_spelling(entry) else context.value_location(entry),
            entry=entry, hint=hint,
        )
