"""A value with a bare `%` or an undefined `%(name)s`.

## What it does
Interpolates every value the way PasteDeploy does (configparser's `BasicInterpolation`
with `here`, `__file__` and the [DEFAULT] keys) and reports each one that fails: a `%`
not followed by `%` or `(`, or a `%(name)s` that names no key of the section or of
[DEFAULT]. Swift proxy files are checked with swift's own rule (only values containing
`%(` are interpolated).

## Why is this bad?
The section fails to load with `InterpolationSyntaxError` or
`InterpolationMissingOptionError` as soon as it is used; a broken [DEFAULT] value breaks
every app. The Havana paste files of nova and cinder shipped placeholders such as
`admin_tenant_name = %SERVICE_TENANT_NAME%`, which Python 2 tolerated and Python 3 does not.

## Example
```ini glance-api-paste.ini
[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
admin_password = %SERVICE_PASSWORD%
```

## Use instead
```ini glance-api-paste.ini
[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
admin_password = %%SERVICE_PASSWORD%%
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.document import ProblemKind

CODE = "PS104"
NAME = "bad-interpolation"
SEVERITY = Severity.ERROR

_KINDS = (ProblemKind.INTERPOLATION_SYNTAX, ProblemKind.INTERPOLATION_MISSING, ProblemKind.INTERPOLATION_DEPTH)


def check(context):
    for issue in context.paste.problems:
        if issue.kind in _KINDS:
            yield problem(issue.message, issue.location, hint=issue.hint,
                          subject=issue.key.section if issue.key else None)
