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
from policykit.policy.lint import rule_text, diagnostics_of
from policykit.policy.rules._syntax import explain, whole_rule_failed

CODE = "PL101"
NAME = "unparsable-rule"
SEVERITY = Severity.ERROR


def _diagnostic(entry):
    for diagnostic in diagnostics_of(entry):
        if getattr(diagnostic, "kind", "") in ("syntax", "syntax-error", "parse-error", "unparsable"):
            return diagnostic
    return None


def check(context):
    for entry in context.effective_entries():
        text = rule_text(entry)
        if text is None or not whole_rule_failed(text, entry.check):
            continue
        diagnostic = _diagnostic(entry)
        if diagnostic is not None:
            what, start, end, suggestion = diagnostic.message, diagnostic.start, diagnostic.end, diagnostic.suggestion
        else:
            what, start, end, suggestion = explain(text)
        yield context.finding(
            CODE, SEVERITY,
            f"{entry.name!r} does not parse ({what}); oslo.policy replaces the whole rule by `!` and denies everyone",
            context.value_location(entry, start, end), entry=entry, hint=suggestion,
        )
