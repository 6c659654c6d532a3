"""Flavors of one service disagree on the infrastructure filters.

## What it does
Compares the branches of each flavor / auth_strategy composite (`keystone = ...`,
`noauth = ...`, glance's `keystone+caching = ...`) and, for services that select a
pipeline by flavor suffix, the `glance-api-*` style pipelines of one app. Reports a
flavor that lacks an infrastructure filter — `cors`, `request_id`,
`http_proxy_to_wsgi`, `faultwrap`/`catch_errors`, `sizelimit` — that the other
flavors have.

## Why is this bad?
The filters that make a service behave behind a proxy and in a browser are not a matter
of authentication strategy: a flavor that lacks one was usually forgotten when the others
were edited. Upstream heat's `custombackend` flavor has no `http_proxy_to_wsgi` while
`default`, `standalone` and `noauth` do; switching flavor silently changes how URLs are
built and errors reported.

## Example
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = openstack_volume_api_v3

[composite:openstack_volume_api_v3]
use = call:cinder.api.middleware.auth:pipeline_factory
noauth = request_id cors faultwrap noauth apiv3
keystone = request_id faultwrap authtoken keystonecontext apiv3

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:faultwrap]
paste.filter_factory = cinder.api.middleware.fault:FaultWrapper.factory

[filter:noauth]
paste.filter_factory = cinder.api.middleware.auth:NoAuthMiddleware.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:keystonecontext]
paste.filter_factory = cinder.api.middleware.auth:CinderKeystoneContext.factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```

## Use instead
```ini api-paste.ini
[composite:osapi_volume]
use = egg:Paste#urlmap
/v3 = openstack_volume_api_v3

[composite:openstack_volume_api_v3]
use = call:cinder.api.middleware.auth:pipeline_factory
noauth = request_id cors faultwrap noauth apiv3
keystone = request_id cors faultwrap authtoken keystonecontext apiv3

[filter:request_id]
paste.filter_factory = oslo_middleware:RequestId.factory

[filter:cors]
paste.filter_factory = oslo_middleware.cors:filter_factory

[filter:faultwrap]
paste.filter_factory = cinder.api.middleware.fault:FaultWrapper.factory

[filter:noauth]
paste.filter_factory = cinder.api.middleware.auth:NoAuthMiddleware.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[filter:keystonecontext]
paste.filter_factory = cinder.api.middleware.auth:CinderKeystoneContext.factory

[app:apiv3]
paste.app_factory = cinder.api.v3.router:APIRouter.factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.document import SectionKind
from policykit.paste.selection import SelectorMechanism
from policykit.paste.pipelines import Reporter, distinct_branches, steps

CODE = "PS204"
NAME = "flavor-infrastructure-drift"
SEVERITY = Severity.WARNING


def _roles(branches) -> frozenset[str]:
    return frozenset(s.role for b in branches for s in steps(b) if s.is_filter and s.role in mw.INFRASTRUCTURE_ROLES)


def _compare(report, group: dict[str, tuple], what: str) -> None:
    """``group``: flavor → (roles, location, related). Report flavors missing what most others have."""
    if len(group) < 2:
        return
    for flavor, (roles, location, related) in group.items():
        others = {f: r for f, (r, _, _) in group.items() if f != flavor}
        missing = sorted(role for role in set().union(*others.values()) - roles
                         if sum(role in r for r in others.values()) * 2 >= len(others))
        if not missing:
            continue
        having = sorted(f for f, r in others.items() if set(missing) & r)
        report.add(
            f"{what} '{flavor}' lacks {', '.join(missing)}, which {', '.join(repr(h) for h in having)} "
            f"{'has' if len(having) == 1 else 'have'}",
            location, hint=f"add {', '.join(missing)} to '{flavor}' in the same position as in the other flavors",
            related=related, subject=flavor)


def _selector_groups(context, report) -> None:
    per_composite: dict[str, dict[str, list]] = {}
    keys = {}
    for branch in distinct_branches(context):
        if branch.error is not None:
            continue
        choice = branch.selector()
        if choice is None:
            continue
        per_composite.setdefault(choice.composite.header, {}).setdefault(choice.key.name, []).append(branch)
        keys[(choice.composite.header, choice.key.name)] = choice
    for header, flavors in per_composite.items():
        group = {}
        for flavor, branches in flavors.items():
            choice = keys[(header, flavor)]
            group[flavor] = (_roles(branches), choice.key.location, (choice.composite.location,))
        _compare(report, group, f"key of [{header}]")


def _suffix_groups(context, report) -> None:
    profile = context.profile
    if profile is None or profile.mechanism is not SelectorMechanism.FLAVOR_SUFFIX:
        return
    apps = sorted(profile.app_names, key=len, reverse=True)
    names = {root.name for root in context.resolution.roots}
    # ``heat-api-cloudwatch`` next to ``heat-api-cloudwatch-standalone`` is an app of its own
    # (one the profile does not load), not a flavor of heat-api.
    nested = {n for n in names if n not in apps and any(m.startswith(f"{n}-") for m in names)}
    groups: dict[str, dict[str, tuple]] = {}
    for root in context.resolution.roots:
        if root.section.kind is not SectionKind.PIPELINE or any(b.error for b in root.branches):
            continue
        app = next((a for a in apps if root.name == a or root.name.startswith(f"{a}-")), None)
        if app is None or any(root.name == n or root.name.startswith(f"{n}-") for n in nested):
            continue
        key = root.section.get("pipeline")
        location = key.location if key is not None else root.section.location
        groups.setdefault(app, {})[root.name] = (_roles(root.branches), location, (root.section.location,))
    for app, group in groups.items():
        _compare(report, group, f"flavor pipeline of {app}")


def check(context):
    report = Reporter()
    _selector_groups(context, report)
    _suffix_groups(context, report)
    yield from report
