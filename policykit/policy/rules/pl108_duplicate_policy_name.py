"""The same policy name twice in one file: the earlier value is silently lost.

## What it does
Reports every policy name that appears more than once in a file, at the earlier
occurrence, pointing at the one that wins.

## Why is this bad?
Both YAML and JSON loaders keep the **last** value without a word. The rule you read
first is not the rule the service enforces — a classic way to ship `"x": "!"` followed,
further down, by an older `"x": ""` that allows everyone.

## Example
```yaml policy.yaml
"compute:delete": "!"
"compute:start": "role:member"
"compute:delete": "role:member"
```

## Use instead
```yaml policy.yaml
"compute:start": "role:member"
"compute:delete": "!"
```
"""

from policykit.findings import Severity

CODE = "PL108"
NAME = "duplicate-policy-name"
SEVERITY = Severity.ERROR


def check(context):
    for entry in context.entries:
        if entry.replaced_by is None:
            continue
        winner = entry.replaced_by
        while winner.replaced_by is not None:
            winner = winner.replaced_by
        later = context.key_location(winner)
        yield context.problem(
            f"{entry.name!r} is defined again on line {later.line}; this value is silently replaced by that one",
            context.key_location(entry), entry=entry, related=[later],
            hint="keep one definition",
        )
