"""A check whose meaning depends on the service, in a file of no known service.

## What it does
Reports, once per file, that policykit cannot tell which service reads the file while
the file uses a check that services decide differently: a kind some service registers
its own check class for (neutron's `field:`, nova's `is_admin:`) or a credential only
some services put into the credentials (`tenant_id`, `is_admin`). The service is known
from `--service`, the deployment entry that lists the file, `[tool.policykit.services]`
in the configuration, or the path (`etc/<service>/`, `<service>/policy.yaml`, a
`policy.d` folder under a service folder, a file name that starts with the service).
Until it is known, the service-specific checks (PL301) stay quiet about these.

## Why is this bad?
`field:networks:shared=True` shows shared networks to everyone in neutron and matches
nothing in any other service; `is_admin:True` compares booleans in nova and strings
elsewhere. Linted or evaluated as the wrong service, the file means something else.

## Example
```yaml policy.yaml
"get_network": "rule:admin_or_owner or field:networks:shared=True"
```

## Use instead
```yaml neutron-policy.yaml
"get_network": "rule:admin_or_owner or field:networks:shared=True"
```
"""

from policykit import services
from policykit.findings import Severity
from policykit.policy.ast import GenericCheck
from policykit.services.profile import CONTEXT_CREDENTIALS

CODE = "PL300"
NAME = "unknown-service"
SEVERITY = Severity.INFO


def service_dependent_kinds() -> dict[str, list[str]]:
    """kind → the services that give it a meaning of their own (a check class or a credential)."""
    kinds: dict[str, list[str]] = {}
    for profile in services.all_profiles():
        # project_id: neutron's owner check reads it as oslo does while the target has the key
        for kind in (set(profile.checks) | profile.credentials) - CONTEXT_CREDENTIALS:
            kinds.setdefault(kind, []).append(profile.name)
    return kinds


def check(context):
    if context.profile is not None:
        return
    dependent = service_dependent_kinds()
    for entry in context.effective_entries():
        for node in entry.check.walk() if entry.check is not None else ():
            if type(node) is GenericCheck and node.kind in dependent:
                owners = ", ".join(sorted(dependent[node.kind]))
                start = node.span.start if node.span else None
                yield context.problem(
                    f"which service reads this file is unknown, and `{node}` means something different in "
                    f"{owners} than in plain oslo.policy; service-specific checks are off for this file",
                    context.value_location(entry, start, None if start is None else start + len(node.kind)),
                    entry=entry,
                    hint="say which service it is: --service NAME, a deployment entry, [tool.policykit.services] "
                         "in the configuration, or a path such as etc/<service>/policy.yaml",
                )
                return
