"""A check kind that makes every evaluation raise an exception.

## What it does
Reports a generic check whose kind oslo.policy hands to `ast.literal_eval` and which
raises something other than ValueError: a Python keyword (`not:x`, `is:x`), a number
with a leading zero (`01:x`), an empty kind (`:x`), `a..b`, a lone quote.

## Why is this bad?
The file loads, but every request that reaches the check fails with a SyntaxError from
inside oslo.policy — a server error rather than a yes or no. Short-circuiting hides it
until the one caller who gets that far.

## Example
```yaml policy.yaml
"compute:start": "role:admin or not:suspended"
```

## Use instead
```yaml policy.yaml
"compute:start": "role:admin or not role:suspended"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import GenericCheck
from policykit.policy.rules._analysis import literal_error

CODE = "PL104"
NAME = "check-kind-raises"
SEVERITY = Severity.ERROR


def check(context):
    for entry in context.effective_entries():
        if entry.check is None:
            continue
        for node in entry.check.walk():
            if type(node) is not GenericCheck:
                continue
            error = literal_error(node.kind)
            if error is None:
                continue
            start, end = (node.span.start, node.span.end) if node.span else (None, None)
            yield context.problem(
                f"`{node}`: oslo.policy evaluates the kind {node.kind!r} as a Python literal and raises {error} "
                "every time this check is reached",
                context.value_location(entry, start, end), entry=entry,
                hint="use a credential name (project_id, user_id, ...) or `role:`/`rule:` as the kind",
            )
