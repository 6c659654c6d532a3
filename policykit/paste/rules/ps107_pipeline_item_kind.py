"""A pipeline whose last item is not an application, or whose other items are not filters.

## What it does
Checks every pipeline — `[pipeline:]` sections and the values of pipeline_factory
composites — item by item: the last item must name an app-like section (`app`,
`composite`, `pipeline`, `filter-app`), every other item a `[filter:]` section.

## Why is this bad?
PasteDeploy resolves the last item as an application and the others as filters only, so
`pipeline = authtoken rootapp context` fails with "No section 'context' (prefixed by
'app' or 'application' or ...)" — a message that suggests the filter is missing when it
is only in the wrong place.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken rootapp context

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken context rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:context]
paste.filter_factory = glance.api.middleware.context:ContextMiddleware.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""

import re

from policykit.findings import Severity
from policykit.paste.checks import problem, pipeline_values
from policykit.paste.document import ObjectKind

CODE = "PS107"
NAME = "pipeline-item-kind"
SEVERITY = Severity.ERROR
_SCHEME = re.compile(r"^[a-zA-Z]+:")


def check(context):
    paste = context.paste
    for section, key, items, locations in pipeline_values(context):
        for index, (item, location) in enumerate(zip(items, locations)):
            if _SCHEME.match(item):
                continue
            last = index == len(items) - 1
            wanted = ObjectKind.APP if last else ObjectKind.FILTER
            if paste.sections_named(item, wanted):
                continue
            other = paste.sections_named(item, ObjectKind.FILTER if last else ObjectKind.APP)
            if not other:
                continue  # missing altogether: PS106
            if last:
                message = (f"the last item of '{key.name}' in {section.label} must be an application, but "
                           f"'{item}' is {other[0].label} (line {other[0].line})")
                hint = "end the pipeline with an [app:], [composite:] or [pipeline:] section"
            else:
                message = (f"'{item}' in '{key.name}' of {section.label} is not the last item, so it must be a "
                           f"filter, but it is {other[0].label} (line {other[0].line})")
                hint = "only the last item of a pipeline is an application; move it to the end or remove it"
            yield problem(message, location, hint=hint, related=[other[0].location], subject=section.header)
