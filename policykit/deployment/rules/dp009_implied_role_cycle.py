"""Implied roles form a cycle.

## What it does
Follows every role's `implies` list and reports a role that, directly or through other
roles, implies itself.

## Why is this bad?
Keystone refuses to create an implied-role rule that closes a cycle (409 Conflict), so
the roles cannot be set up as written — and the cycle makes every role in it equal to
all the others, which is never what was meant.

## Example
```yaml deployment.yaml
version: 1
identity:
  roles:
    - {name: admin, implies: [member]}
    - {name: member, implies: [reader]}
    - {name: reader, implies: [admin]}
```

## Use instead
```yaml deployment.yaml
version: 1
identity:
  roles:
    - {name: admin, implies: [member]}
    - {name: member, implies: [reader]}
    - reader
```
"""

from policykit.findings import Problem, Severity

CODE = "DP009"
NAME = "implied-role-cycle"
SEVERITY = Severity.ERROR


def _cycle_from(identity, start: str) -> list[str] | None:
    """The shortest path start -> ... -> start, if any."""
    queue = [[start]]
    seen = set()
    while queue:
        path = queue.pop(0)
        role = identity.find_role(path[-1])
        for implied in role.implies if role else ():
            if implied == start:
                return path + [start]
            if implied not in seen:
                seen.add(implied)
                queue.append(path + [implied])
    return None


def check(context):
    deployment = context.deployment
    if deployment is None:
        return
    identity = deployment.identity
    reported = set()
    for role in identity.roles:
        cycle = _cycle_from(identity, role.name)
        if cycle is None or frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        yield Problem(f"implied roles form a cycle: {' -> '.join(cycle)}", context.location(role, "implies"),
                      "remove one of the implications; Keystone refuses the one that closes the cycle",
                      subject=role.name)
