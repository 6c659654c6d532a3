"""Two app-like sections of different kinds share a name.

## What it does
Reports names defined by sections of more than one application group — `[app:x]` (or
`[application:x]`), `[composite:x]` (or `[composit:x]`), `[pipeline:x]`, `[filter-app:x]`
— and names defined twice with the same prefix but different spacing (`[app:x]` and
`[app: x]`).

## Why is this bad?
PasteDeploy refuses to choose: `LookupError: Ambiguous section names ['app:x',
'pipeline:x'] for section 'x'` — for every reference to `x`. Filters are a separate
namespace, so `[filter:x]` next to `[app:x]` is fine.

## Example
```ini glance-api-paste.ini
[pipeline:rootapp]
pipeline = authtoken rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.document import APP_PREFIX_GROUPS

CODE = "PS108"
NAME = "ambiguous-section-name"
SEVERITY = Severity.ERROR


def check(context):
    names = dict.fromkeys(s.name for s in context.paste.app_like_sections())
    for name in names:
        found = []
        for group in APP_PREFIX_GROUPS:
            for prefix in group:
                matches = [s for s in context.paste.sections
                           if s.header.startswith(prefix + ":") and s.header[len(prefix) + 1:].strip() == name]
                if matches:
                    found.extend(matches)
                    break
        if len(found) > 1:
            labels = ", ".join(f"{s.label} (line {s.line})" for s in found)
            for section in found[1:]:
                yield problem(f"the name '{name}' is ambiguous: {labels}; PasteDeploy refuses every reference to it",
                              section.location, hint="rename one of the sections (and the references to it)",
                              related=[found[0].location], subject=section.header)
