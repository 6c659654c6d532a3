"""A pipeline or composite that the service never loads.

## What it does
With a known service (from the file name or deployment.yaml), finds `[pipeline:]`,
`[composite:]` and `[filter-app:]` sections that are neither an app name the service
loads (`osapi_compute`, `glance-api` and its flavors, `main` ...) nor reached from such a
section.

## Why is this bad?
A dead pipeline looks like configuration but nothing loads it: edits there (a filter
added, an ordering fixed) change nothing, and flavors or auth strategies that used to
point at it are gone. Flavor sections (`glance-api-keystone`) count as loaded only for
services that select pipelines by flavor.

## Example
```ini api-paste.ini
[composite:neutron]
use = egg:Paste#urlmap
/v2.0 = neutronapi_v2_0

[pipeline:neutronapi_v2_0]
pipeline = authtoken neutronapiapp_v2_0

[pipeline:neutronapi_v2_0_old]
pipeline = neutronapiapp_v2_0

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

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
from policykit.paste.selection import SelectorMechanism
from policykit.paste.pipelines import Reporter, names_mentioned_by_composites, sections_reached_from_other_roots

CODE = "PS202"
NAME = "dead-pipeline"
SEVERITY = Severity.WARNING

_KINDS = (SectionKind.PIPELINE, SectionKind.COMPOSITE, SectionKind.FILTER_APP)


def _loaded(profile, name: str) -> bool:
    if name in profile.app_names:
        return True
    if profile.mechanism is SelectorMechanism.FLAVOR_SUFFIX:
        return any(name.startswith(f"{app}-") for app in profile.app_names)
    return False


def check(context):
    profile = context.profile
    if profile is None or not profile.app_names:
        return
    app_like = [s.name for s in context.paste.app_like_sections()]
    if not any(_loaded(profile, name) for name in app_like):
        return  # the profile does not fit this file: nothing it loads is here
    reached = sections_reached_from_other_roots(context)
    mentioned = names_mentioned_by_composites(context)
    report = Reporter()
    loads = ", ".join(profile.app_names)
    for section in context.paste.sections:
        if section.kind not in _KINDS or section.header in reached or section.name in mentioned:
            continue
        if _loaded(profile, section.name):
            continue
        report.add(
            f"{section.label} is not loaded by {profile.service} (it loads {loads}) and no loaded section reaches it",
            section.location,
            hint=f"delete {section.label}, or mount it in the composite that should serve it",
            subject=section.header)
    yield from report
