"""A `%(...)s` target substitution that raises instead of matching or not.

## What it does
Reports a check whose match is not a valid Python %-format for a mapping: a lone `%`
(`role:100%`), a key without parentheses (`%project_id`), an unknown conversion
(`%(id)b`). (An unclosed `%(project_id)` is worse still: its `)` unbalances the rule,
see PL101.)

## Why is this bad?
oslo.policy formats the match with the target on every evaluation. A missing key only
makes the check false, but a malformed format raises ValueError out of the enforcer — a
server error for every caller who reaches this check.

## Example
```yaml policy.yaml
"compute:start": "project_id:%project_id"
```

## Use instead
```yaml policy.yaml
"compute:start": "project_id:%(project_id)s"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import GenericCheck, HttpCheck, HttpsCheck, RoleCheck

CODE = "PL111"
NAME = "invalid-target-substitution"
SEVERITY = Severity.ERROR


class _AnyTarget(dict):
    def __missing__(self, key):
        return "x"


def substitution_error(match: str) -> str | None:
    if "%" not in match:
        return None
    try:
        match % _AnyTarget()
    except ValueError as exc:
        return str(exc)
    except TypeError:
        return None  # depends on the target's value types (e.g. %(a)d)
    return None


def check(context):
    for entry in context.effective_entries():
        if entry.check is None:
            continue
        for node in entry.check.walk():
            if type(node) not in (GenericCheck, RoleCheck, HttpCheck, HttpsCheck):
                continue
            error = substitution_error(node.match)
            if error is None:
                continue
            start, end = (node.span.start, node.span.end) if node.span else (None, None)
            yield context.problem(
                f"`{node}`: formatting the match with the target raises ValueError ({error}) on every evaluation",
                context.value_location(entry, start, end), entry=entry,
                hint="write `%(key)s` for a target value and `%%` for a literal percent sign",
            )
