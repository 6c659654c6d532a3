"""A filter or app section that no pipeline uses.

## What it does
Finds `[filter:]` and `[app:]` sections that no root of the file reaches — through a
pipeline, a composite (every urlmap path and every flavor or auth_strategy key), `next`,
`filter-with` or `use`.

## Why is this bad?
PasteDeploy never loads them, so nothing checks them: they rot. Upstream files carry such
leftovers for years — glance's `[filter:gzip]` in every release, heat's
`[filter:cwversionnegotiation]` (CloudWatch, removed in Queens) that has no
`heat.filter_factory` at all, neutron's `[filter:project_id]`, nova's
`[filter:ec2lockout]` and `[filter:authorizer]`, keystone's `[filter:debug]`. An operator
who edits the unused copy of a section believes a setting is active when it is not.
swift's sample proxy-server.conf is a catalogue and lists every middleware on purpose.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:project_id]
paste.filter_factory = neutron.api.extensions:ProjectIdMiddleware.factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:neutronapiapp_v2_0]
paste.app_factory = neutron.api.v2.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste.document import SectionKind
from policykit.paste.pipelines import Reporter, names_mentioned_by_composites, sections_reached_from_other_roots

CODE = "PS201"
NAME = "unused-section"
SEVERITY = Severity.INFO


def check(context):
    reached = sections_reached_from_other_roots(context)
    mentioned = names_mentioned_by_composites(context)
    loaded = set(context.profile.app_names) if context.profile is not None else set()
    loaded.add("main")
    report = Reporter()
    for section in context.paste.sections:
        if section.kind not in (SectionKind.FILTER, SectionKind.APP):
            continue
        if section.header in reached or section.name in mentioned:
            continue
        if section.kind is SectionKind.APP and section.name in loaded:
            continue
        what = "pipeline" if section.kind is SectionKind.FILTER else "pipeline or composite"
        report.add(f"{section.label} is not used by any {what} of the file", section.location,
                   hint=f"delete {section.label}, or add '{section.name}' where it is meant to run",
                   subject=section.header)
    yield from report
