"""A swift filter that the proxy must find by entry-point name is given by module path.

## What it does
In a swift proxy pipeline, finds sections for the filters swift requires
(`catch_errors`, `gatekeeper`, `listing_formats`, `copy`, `dlo`, `versioned_writes`)
that name their factory with `paste.filter_factory = swift.common.middleware...`
instead of `use = egg:swift#...`.

## Why is this bad?
At start the proxy inserts every required filter it does not find (swift's
`modify_wsgi_pipeline`), and it recognises them **by entry-point name**. A section built
from the module path is not recognised, so the proxy inserts a second instance: `dlo`
twice splits large objects twice, and a second `catch_errors` moves to the front.

## Example
```ini proxy-server.conf
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging dlo proxy-logging proxy-server

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:dlo]
paste.filter_factory = swift.common.middleware.dlo:filter_factory

[app:proxy-server]
use = egg:swift#proxy
```

## Use instead
```ini proxy-server.conf
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging dlo proxy-logging proxy-server

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:dlo]
use = egg:swift#dlo

[app:proxy-server]
use = egg:swift#proxy
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.pipelines import Reporter, distinct_branches, factory_text, stage_subject, steps

CODE = "PS314"
NAME = "swift-filter-unrecognised"
SEVERITY = Severity.WARNING

# swift's proxy server (required_filters): inserted when no stage has that entry-point name.
REQUIRED = ("catch_errors", "gatekeeper", "listing_formats", "copy", "dlo", "versioned_writes")


def check(context):
    report = Reporter()
    for branch in distinct_branches(context):
        for step in steps(branch):
            name = mw.swift_module_name(factory_text(step.stage))
            if name not in REQUIRED or step.stage.factory is None:
                continue
            report.add(
                f"'{step.name}' names swift's {name} by module path ({step.stage.factory_text}); the proxy "
                f"recognises required filters by entry point and will insert a second {name}",
                step.stage.factory.key.location,
                hint=f"write 'use = egg:swift#{name}' in {step.stage.section.label if step.stage.section else 'the section'}",
                related=(step.stage.location,), subject=stage_subject(step))
    yield from report
