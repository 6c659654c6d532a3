"""`[application:x]` next to `[app:x]` (or `[composit:x]` next to `[composite:x]`): one is never used.

## What it does
Reports a section hidden by another of the same group: PasteDeploy searches `app` before
`application` and `composite` before `composit`, and stops at the first prefix with a match.

## Why is this bad?
The second section is silently ignored. Edits made to it have no effect, which is
confusing during an incident.

## Example
```ini glance-api-paste.ini
[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory

[application:rootapp]
paste.app_factory = glance.api.versions:create_resource
```

## Use instead
```ini glance-api-paste.ini
[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem

CODE = "PS109"
NAME = "shadowed-section"
SEVERITY = Severity.WARNING

_PAIRS = (("app", "application"), ("composite", "composit"))


def check(context):
    sections = context.paste.sections
    for first, second in _PAIRS:
        for shadowed in (s for s in sections if s.prefix == second):
            winner = next((s for s in sections if s.prefix == first and s.name == shadowed.name), None)
            if winner is not None:
                yield problem(f"{shadowed.label} is never used: PasteDeploy finds {winner.label} (line "
                                  f"{winner.line}) first", shadowed.location,
                              hint="delete one of the two sections", related=[winner.location],
                              subject=shadowed.header)
