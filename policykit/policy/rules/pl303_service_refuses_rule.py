"""A check the service's own check class refuses to build.

## What it does
Reports a check of a kind the service registers its own class for, written in a way
that class rejects when the policy is loaded: neutron's owner check (`project_id:`,
`tenant_id:`) takes only a whole `%(field)s` match, and its `field:` check only
`RESOURCE:FIELD=VALUE` with a value its attribute map can convert.

## Why is this bad?
The service builds every check when it loads the policy; one it cannot build makes
loading fail, and then every API request fails — not only the ones this rule guards.

## Example
```yaml neutron-policy.yaml
"get_network": "role:admin or project_id:admin"
```

## Use instead
```yaml neutron-policy.yaml
"get_network": "role:admin or project_id:%(project_id)s"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import GenericCheck

CODE = "PL303"
NAME = "service-refuses-rule"
SEVERITY = Severity.ERROR


def check(context):
    profile = context.profile
    probes = {kind: getattr(factory, "load_error", None) for kind, factory in (profile.checks if profile else {}).items()}
    if not any(probes.values()):
        return
    for entry in context.effective_entries():
        for node in entry.check.walk() if entry.check is not None else ():
            probe = probes.get(node.kind) if type(node) is GenericCheck else None
            error = probe(node.kind, node.match, str(node)) if probe is not None else None
            if error is None:
                continue
            yield context.problem(
                f"{error}", context.value_location(entry, *(node.span if node.span else (None, None))), entry=entry,
                hint=f"write the check the way {profile.name}'s check class reads it (`policykit rule {CODE}`)",
            )
