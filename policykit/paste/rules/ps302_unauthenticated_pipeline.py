"""A pipeline the service serves authenticates nobody.

## What it does
Looks at the pipelines the service will actually serve — the flavor or auth_strategy
branch selected by its conf (or its default), and every fixed pipeline and urlmap
target — and reports those that contain a stand-in for authentication: nova
`noauth2`/`noauth`, cinder `noauth`/`noauth_include_project_id`, neutron
`fake_project_id`, glance and barbican `unauthenticated-context`, heat `noauth`, keystone
`admin_token_auth`, swift `tempauth`; or a context filter with no authentication at all
before it (glance's `trusted-auth` flavors, up to Wallaby).

## Why is this bad?
These filters build an admin-capable context for any caller, or trust identity headers
the client sends. Glance with `[paste_deploy] flavor` unset loads `glance-api`, whose
pipeline uses `unauthenticated-context`: the API runs without authentication and
nothing is logged. sapcc/helm-charts PR #3964 removed `noauth2` from a production nova
file; openSUSE shipped `remove-admin-token-auth.patch` to strip `admin_token_auth` from
keystone's three pipelines. Branches that are present but not selected (an unused
`noauth` key) are not reported, nor is an unset flavor when the service conf is given:
unauthenticated-default reports that on the conf.

## Example
```ini keystone-paste.ini
[composite:main]
use = egg:Paste#urlmap
/v3 = api_v3

[pipeline:api_v3]
pipeline = sizelimit admin_token_auth service_v3

[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory

[filter:admin_token_auth]
paste.filter_factory = keystone.middleware:AdminTokenAuthMiddleware.factory

[app:service_v3]
paste.app_factory = keystone.service:v3_app_factory
```

## Use instead
```ini keystone-paste.ini
[composite:main]
use = egg:Paste#urlmap
/v3 = api_v3

[pipeline:api_v3]
pipeline = sizelimit service_v3

[filter:sizelimit]
paste.filter_factory = oslo_middleware:RequestBodySizeLimiter.factory

[app:service_v3]
paste.app_factory = keystone.service:v3_app_factory
```
"""

from policykit.findings import Severity
from policykit.paste import middleware as mw
from policykit.paste.selection import SelectorMechanism
from policykit.paste.pipelines import Reporter, branch_name, distinct_branches, live_branches, stage_subject, steps

CODE = "PS302"
NAME = "unauthenticated-pipeline"
SEVERITY = Severity.WARNING
SECURITY_SEVERITY = "8.0"


def _served_how(selection) -> str:
    if selection is not None and selection.reason:
        return f" (selected: {selection.reason})"
    return ""


def _authenticated_keys(context, composite_header: str) -> list[str]:
    """Keys of a selector composite whose branches authenticate."""
    keys = set()
    for branch in distinct_branches(context):
        choice = branch.selector()
        if choice is not None and choice.composite.header == composite_header and any(
                s.role == mw.AUTH and s.is_filter and not (s.middleware and s.middleware.dev_only)
                for s in steps(branch)):
            keys.add(choice.key.name)
    return sorted(keys, key=lambda k: (k != "keystone", k))


def _hint(context, branch, step) -> str:
    selector = branch.selector()
    profile = context.profile
    if selector is not None:
        keys = _authenticated_keys(context, selector.composite.header)
        wanted = keys[0] if keys else "keystone"
        if profile is not None and profile.flavor_options:
            section, option = profile.flavor_options[0]
            return f"set [{section}] {option} = {wanted} in the service conf"
        if profile is not None and profile.auth_strategy_options:
            section, option = profile.auth_strategy_options[0]
            return f"set [{section}] {option} = {wanted} in the service conf"
        return f"select the '{wanted}' key of {selector.composite.label}, or delete the '{selector.key.name}' key"
    if profile is not None and profile.mechanism is SelectorMechanism.FLAVOR_SUFFIX:
        return "set [paste_deploy] flavor = keystone in the service conf"
    if step.middleware is not None and step.middleware.removed is not None:
        return step.middleware.removed.advice
    return f"replace '{step.name}' with 'authtoken' followed by the service's context filter"


def _reported_in_the_conf(context, selection) -> bool:
    """An unset flavor in a known service conf is unauthenticated-default's finding, on the conf line."""
    return (context.conf is not None and selection is not None and selection.flavor is None
            and selection.profile.mechanism is SelectorMechanism.FLAVOR_SUFFIX)


def check(context):
    report = Reporter()
    for branch, selection in live_branches(context):
        if _reported_in_the_conf(context, selection):
            continue
        how = _served_how(selection)
        branch_steps = steps(branch)
        has_auth = any(s.role == mw.AUTH and s.is_filter and not (s.middleware and s.middleware.dev_only)
                       for s in branch_steps)
        for step in branch_steps:
            if not step.is_filter:
                continue
            known = step.middleware
            if step.role == mw.NOAUTH:
                label = known.label if known else step.name
                report.add(
                    f"'{step.name}' ({label}) authenticates nobody and is served in {branch_name(branch)}{how}",
                    step.stage.location,
                    hint=_hint(context, branch, step),
                    related=step.related, subject=stage_subject(step))
            elif known is not None and known.dev_only:
                report.add(
                    f"'{step.name}' ({known.label}) is a development and test auth system, served in "
                    f"{branch_name(branch)}{how}",
                    step.stage.location,
                    hint=f"use 'authtoken keystoneauth' instead of '{step.name}' in production",
                    related=step.related, subject=stage_subject(step))
            elif step.role == mw.CONTEXT and not has_auth:
                report.add(
                    f"'{step.name}' builds the request context from identity headers, but "
                    f"{branch_name(branch)} has no authentication filter: any client can send X-Roles: admin{how}",
                    step.stage.location,
                    hint=f"put 'authtoken' before '{step.name}', or select the keystone flavor",
                    related=step.related, subject=stage_subject(step))
    yield from report
