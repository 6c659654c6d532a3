"""The same section header appears twice.

## What it does
Reports every `[section]` header that repeats an earlier one (the comparison is exact:
case and spaces count).

## Why is this bad?
PasteDeploy reads with configparser's strict mode: a second `[filter:authtoken]` is a
`DuplicateSectionError` and no app in the file loads. Config-management tools that
append sections are the usual source.

## Example
```ini glance-api-paste.ini
[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory

[app:rootapp]
paste.app_factory = glance.api.versions:create_resource
```

## Use instead
```ini glance-api-paste.ini
[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory

[app:versions]
paste.app_factory = glance.api.versions:create_resource
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.document import ProblemKind

CODE = "PS102"
NAME = "duplicate-section"
SEVERITY = Severity.ERROR


def check(context):
    for issue in context.paste.problems:
        if issue.kind is ProblemKind.DUPLICATE_SECTION:
            yield problem(issue.message, issue.location, hint=issue.hint)
