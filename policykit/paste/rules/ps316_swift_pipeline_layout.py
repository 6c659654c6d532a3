"""The swift proxy pipeline's fixed points are out of place.

## What it does
In a swift proxy pipeline checks that:

* `gatekeeper` comes right after `catch_errors`;
* `proxy-logging` appears early (only `catch_errors`, `gatekeeper` and `healthcheck`
  before it) and again as the last filter, just before `proxy-server`;
* `keymaster` and `encryption` come right before that final `proxy-logging`.

## Why is this bad?
`gatekeeper` strips reserved headers clients must not set; anything between it and
`catch_errors` sees them. The first `proxy-logging` logs the client's request, the last
one the backend requests made by middleware (slo, dlo, copy ...): out of place, requests
go unlogged or are logged twice. Encryption must see exactly the bodies written to
disk: a middleware between `encryption` and the proxy app that rewrites bodies stores
unencrypted data or corrupts it.

## Example
```ini proxy-server.conf
[pipeline:main]
pipeline = catch_errors proxy-logging gatekeeper cache proxy-logging proxy-server

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache

[app:proxy-server]
use = egg:swift#proxy
```

## Use instead
```ini proxy-server.conf
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging cache proxy-logging proxy-server

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:cache]
use = egg:swift#memcache

[app:proxy-server]
use = egg:swift#proxy
```
"""

from policykit.findings import Severity
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, is_swift, stage_subject, steps

CODE = "PS316"
NAME = "swift-pipeline-layout"
SEVERITY = Severity.WARNING

_MAY_PRECEDE_LOGGING = {"catch_errors", "gatekeeper", "healthcheck"}


def check(context):
    if not is_swift(context):
        return
    report = Reporter()
    for branch in distinct_branches(context):
        branch_steps = steps(branch)
        filters = [s for s in branch_steps if s.is_filter]
        names = [s.middleware.swift_name if s.middleware else None for s in filters]
        where = branch_name(branch)

        def add(step, message, hint, other=None):
            report.add(f"{message} ({where})", step.stage.location, hint=hint,
                       related=step.related + (other.related if other else ()), subject=stage_subject(step))

        if "catch_errors" in names and "gatekeeper" in names:
            errors, gate = names.index("catch_errors"), names.index("gatekeeper")
            if gate != errors + 1:
                add(filters[gate], f"'{filters[gate].name}' is not right after '{filters[errors].name}': "
                    "the filters between them see reserved headers clients must not set",
                    f"move '{filters[gate].name}' right after '{filters[errors].name}'", filters[errors])
        logging = [i for i, n in enumerate(names) if n == "proxy_logging"]
        if logging:
            first = logging[0]
            early = [i for i in range(first) if names[i] not in _MAY_PRECEDE_LOGGING]
            if early:
                add(filters[first], f"the first '{filters[first].name}' runs after '{filters[early[0]].name}': "
                    "requests it answers or rewrites are logged as the backend saw them, not as the client sent them",
                    f"move '{filters[first].name}' before '{filters[early[0]].name}' (right after catch_errors, "
                    "gatekeeper and healthcheck)", filters[early[0]])
            last = logging[-1]
            if len(logging) < 2 or last != len(filters) - 1:
                add(filters[last], f"'{filters[last].name}' is not also the last filter before the proxy app: "
                    "sub-requests made by middleware are not logged",
                    f"end the pipeline with '{filters[last].name} {branch.stages[-1].name}'")
            for crypto in ("encryption", "keymaster"):
                if crypto not in names:
                    continue
                i = names.index(crypto)
                expected = len(filters) - 2 if crypto == "encryption" else len(filters) - 3
                if len(logging) >= 2 and last == len(filters) - 1 and i != expected:
                    add(filters[i], f"'{filters[i].name}' is not right before the final "
                        f"'{filters[last].name}': middleware between them handles bodies as stored on disk",
                        f"place 'keymaster encryption' right before '{filters[last].name} {branch.stages[-1].name}'",
                        filters[last])
    yield from report
