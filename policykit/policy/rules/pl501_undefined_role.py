"""A `role:` check naming a role the deployment does not define.

## What it does
With a deployment (`deployment.yaml`), reports `role:NAME` when no role of the
deployment has that name. Role checks ignore case, so a role that differs only in case
is noted (info) rather than reported as missing. A generic `roles:NAME` check is
case-sensitive: there a case difference means the check never matches (error).

## Why is this bad?
A role nobody can hold makes the check dead weight — usually a typo (`memeber`) or a
role that was renamed in Keystone (`_member_` → `member`).

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: compute, name: nova, port: 8774, policy: nova-policy.yaml}
identity:
  roles: [admin, member, reader]
```
```yaml nova-policy.yaml
"os_compute_api:servers:create": "role:memeber"
```

## Use instead
```yaml deployment.yaml
version: 1
services:
  - {type: compute, name: nova, port: 8774, policy: nova-policy.yaml}
identity:
  roles: [admin, member, reader]
```
```yaml nova-policy.yaml
"os_compute_api:servers:create": "role:member"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import GenericCheck, RoleCheck
from policykit.suggest import suggest

CODE = "PL501"
NAME = "undefined-role"
SEVERITY = Severity.WARNING


def deployment_roles(deployment) -> list[str]:
    identity = getattr(deployment, "identity", None)
    return [role.name for role in getattr(identity, "roles", ())]


def mentioned_roles(check):
    """(role name, node, case_sensitive) for every literal role a check mentions."""
    for node in check.walk():
        if type(node) is RoleCheck and "%" not in node.match:
            yield node.match, node, False
        elif type(node) is GenericCheck and node.kind == "roles" and "%" not in node.match:
            yield node.match, node, True


def check(context):
    roles = deployment_roles(context.deployment)
    if not roles:
        return
    exact = set(roles)
    folded = {role.lower(): role for role in roles}
    for entry in context.effective_entries():
        if entry.check is None:
            continue
        for name, node, case_sensitive in mentioned_roles(entry.check):
            if name in exact:
                continue
            location = context.value_location(entry, *(node.span if node.span else (None, None)))
            defined = folded.get(name.lower())
            if defined is not None:
                if case_sensitive:
                    yield context.problem(
                        f"`{node}` is a generic check and compares case-sensitively: the deployment's role is "
                        f"{defined!r}, so this never matches",
                        location, entry=entry, hint=f"write `role:{defined}` (role checks ignore case)",
                        severity=Severity.ERROR,
                    )
                else:
                    yield context.problem(
                        f"`{node}` matches the deployment's role {defined!r} only because role checks ignore case",
                        location, entry=entry, hint=f"write `role:{defined}`", severity=Severity.INFO,
                    )
                continue
            guess = suggest(name, roles, cutoff=0.7)
            yield context.problem(
                f"role {name!r} is not defined in the deployment ({', '.join(roles)}); nobody can hold it",
                location, entry=entry,
                hint=f"did you mean `{'roles' if case_sensitive else 'role'}:{guess}`?" if guess else
                "define the role in the deployment's identity section, or fix the name",
            )
