"""`filter-with` on a `[pipeline:]` or `[filter-app:]`: loadapp returns a plain function.

## What it does
Reports `filter-with` in `[pipeline:]` and `[filter-app:]` sections, and on an app whose
`use` leads to one.

## Why is this bad?
PasteDeploy then composes two filters instead of wrapping an application:
`loadapp` returns `<function composed>`, not a WSGI app. Nothing fails at start; the
first request does.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
filter-with = cors
pipeline = authtoken rootapp

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = cors authtoken rootapp

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import errors_of, problem
from policykit.paste.document import SectionKind
from policykit.paste.resolution import ErrorCategory

CODE = "PS117"
NAME = "filter-with-not-wsgi"
SEVERITY = Severity.ERROR


def check(context):
    seen = set()
    for section in context.paste.sections:
        if section.kind not in (SectionKind.PIPELINE, SectionKind.FILTER_APP):
            continue
        key = next((k for k in context.paste.local_keys(section) if k.name == "filter-with"), None)
        if key is None:
            continue
        seen.add((key.line, key.column))
        yield problem(f"'filter-with' on {section.label} makes loadapp return a function that wraps filters, "
                          "not a WSGI application", key.location,
                      hint="put the filter first in the pipeline instead", subject=section.header)
    for error in errors_of(context, ErrorCategory.NOT_WSGI):
        if (error.location.line, error.location.column) not in seen:
            yield problem(error.message, error.location, hint="put the filter in the pipeline instead",
                          subject=error.subject)
