"""A `#` or `;` comment after a pipeline: its words become pipeline items.

## What it does
Reports `#` and `;` inside pipeline values (`[pipeline:]` and pipeline_factory
composite keys) and urlmap values. configparser only knows comments on lines of their
own.

## Why is this bad?
`pipeline = authtoken rootapp # the app` is read as five items; `app`, the last one, is
then loaded as the application and `rootapp` as a filter, and the error message does
not mention the comment at all.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken rootapp # the app

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
# the app
pipeline = authtoken rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Location, Severity
from policykit.paste.checks import composite_kind_of, problem, pipeline_values
from policykit.paste.composites import CompositeKind
from policykit.paste.document import SectionKind

CODE = "PS114"
NAME = "inline-comment"
SEVERITY = Severity.WARNING


def check(context):
    seen = set()
    for section, key, items, locations in pipeline_values(context):
        for item, location in zip(items, locations):
            if item.startswith(("#", ";")):
                seen.add((key.line, key.name))
                yield problem(f"'{key.name}' of {section.label} contains the comment '{item} ...': configparser "
                                  "has no inline comments, so every word after it is a pipeline item",
                              location, hint="move the comment to a line of its own above the key",
                              subject=section.header)
                break
    for section in context.paste.sections:
        if section.kind is not SectionKind.COMPOSITE or composite_kind_of(context, section) is not CompositeKind.URLMAP:
            continue
        for key in context.paste.local_keys(section):
            for marker in ("#", ";"):
                if f" {marker}" in key.text and (key.line, key.name) not in seen:
                    yield problem(f"the value of '{key.name}' in {section.label} contains an inline comment; it is "
                                      "read as part of the application name",
                                  Location(key.path, key.value_line, key.value_column),
                                  hint="move the comment to a line of its own", subject=section.header)
                    break
