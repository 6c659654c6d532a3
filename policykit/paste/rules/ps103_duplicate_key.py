"""A key is set twice in one section.

## What it does
Reports every key that repeats an earlier key of the same section (keys are
case-sensitive: `Pipeline` and `pipeline` are different keys).

## Why is this bad?
configparser's strict mode raises `DuplicateOptionError` and the whole file fails to
load. Unlike oslo.config files, where the last value silently wins, a paste file must
say each key once.

## Example
```ini glance-api-paste.ini
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true
delay_auth_decision = false
```

## Use instead
```ini glance-api-paste.ini
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
delay_auth_decision = true
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.document import ProblemKind

CODE = "PS103"
NAME = "duplicate-key"
SEVERITY = Severity.ERROR


def check(context):
    for issue in context.paste.problems:
        if issue.kind is ProblemKind.DUPLICATE_OPTION:
            yield problem(issue.message, issue.location, hint=issue.hint)
