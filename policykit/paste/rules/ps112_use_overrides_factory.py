"""`use` and a `paste.*_factory` key in the same section: the factory key is ignored.

## What it does
Reports sections that have both `use` and a factory key (`paste.filter_factory`,
`paste.app_factory`, ...).

## Why is this bad?
`use` wins. The factory key is not imported; it is passed to the factory as an ordinary
keyword argument. A section copied and then given a `use` line keeps a dead factory
line that looks authoritative.

## Example
```ini glance-api-paste.ini
[filter:cors]
use = egg:oslo.middleware#cors
paste.filter_factory = oslo_middleware.cors:filter_factory
```

## Use instead
```ini glance-api-paste.ini
[filter:cors]
use = egg:oslo.middleware#cors
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.document import SectionKind

CODE = "PS112"
NAME = "use-overrides-factory"
SEVERITY = Severity.WARNING
_KINDS = (SectionKind.APP, SectionKind.COMPOSITE, SectionKind.FILTER, SectionKind.FILTER_APP)


def check(context):
    for section in context.paste.sections:
        if section.kind not in _KINDS:
            continue
        local = context.paste.local_keys(section)
        use = next((k for k in local if k.name == "use"), None)
        if use is None:
            continue
        for key in local:
            if key.name.startswith("paste.") and key.name.endswith(("_factory", "_runner")):
                yield problem(f"'{key.name}' in {section.label} is ignored: 'use = {use.text}' (line {use.line}) "
                                  "decides the factory, and this key is passed to it as an argument",
                              key.location, hint="delete one of the two lines", related=[use.location],
                              subject=section.header)
