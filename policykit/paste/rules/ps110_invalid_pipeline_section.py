"""A `[pipeline:]` section without a usable `pipeline` key, or with other keys.

## What it does
Checks each `[pipeline:]` section: it must have a non-empty `pipeline` key and nothing
else but `set NAME` keys (and `filter-with`, see PS117). Also reports an empty value of
a pipeline_factory composite key. Keys that [DEFAULT] shadows count as absent, as they
do for PasteDeploy.

## Why is this bad?
* no `pipeline` key (or `Pipeline =`, keys are case-sensitive): `LookupError: ... is
  missing a 'pipeline' setting`;
* any other key, `get` included: `LookupError: ... has extra (disallowed) settings`;
* an empty value: a bare `IndexError: list index out of range`, which glance, nova and
  oslo.service do not turn into their friendly "could not load" messages.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken rootapp
delay_auth_decision = true

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
delay_auth_decision = true

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem, pipeline_values
from policykit.paste.document import SectionKind

CODE = "PS110"
NAME = "invalid-pipeline-section"
SEVERITY = Severity.ERROR
_ALLOWED = ("pipeline", "filter-with", "require")


def check(context):
    paste = context.paste
    for section in paste.sections:
        if section.kind is not SectionKind.PIPELINE:
            continue
        local = paste.local_keys(section)
        names = [k.name for k in local]
        if "pipeline" not in names:
            near = [k for k in section.keys if k.name.strip().lower() == "pipeline"]
            if near and near[0] in local:
                hint = f"keys are case-sensitive: write 'pipeline', not '{near[0].name}'"
            elif section.get("pipeline") is not None:
                hint = "[DEFAULT] defines 'pipeline', which hides this one; remove it from [DEFAULT]"
            else:
                hint = "add 'pipeline = <filters...> <app>'"
            yield problem(f"{section.label} has no 'pipeline' key; PasteDeploy cannot build it", section.location,
                          hint=hint, subject=section.header)
        for key in local:
            if key.name in _ALLOWED or key.is_set:
                continue
            what = ("'get' keys are not allowed in a pipeline section" if key.is_get
                    else f"'{key.name}' is not allowed in a pipeline section")
            yield problem(f"{what}: PasteDeploy refuses {section.label} (extra settings)", key.location,
                          hint="move filter or app options into their own sections; use 'set NAME = value' "
                               "to pass a value to every item", subject=section.header)
    for section, key, items, _ in pipeline_values(context):
        if not items:
            yield problem(f"'{key.name}' of {section.label} is empty: loading it raises a bare IndexError",
                          key.location, hint="list the filters and end with the application", subject=section.header)
