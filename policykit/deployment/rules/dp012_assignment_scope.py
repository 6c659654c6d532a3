"""A role assignment without exactly one scope.

## What it does
Reports an assignment that names none, or more than one, of `project`, `domain` and
`system`, and a `system` scope other than `all`.

## Why is this bad?
Keystone grants a role on exactly one target; `all` is the only system scope it knows.
Such an assignment yields no persona, so nothing is checked for that user.

## Example
```yaml deployment.yaml
version: 1
identity:
  projects: [{name: admin, domain: Default}]
  roles: [admin]
  users: [{name: admin, domain: Default}]
  assignments:
    - {user: admin, role: admin, project: admin, system: all}
```

## Use instead
```yaml deployment.yaml
version: 1
identity:
  projects: [{name: admin, domain: Default}]
  roles: [admin]
  users: [{name: admin, domain: Default}]
  assignments:
    - {user: admin, role: admin, project: admin}
    - {user: admin, role: admin, system: all}
```
"""

from policykit.findings import Problem, Severity

CODE = "DP012"
NAME = "assignment-scope"
SEVERITY = Severity.ERROR


def check(context):
    deployment = context.deployment
    if deployment is None:
        return
    for a in deployment.identity.assignments:
        scopes = [key for key in ("project", "domain", "system") if getattr(a, key) is not None]
        if len(scopes) != 1:
            given = " and ".join(f"`{s}`" for s in scopes) if scopes else "no scope"
            yield Problem(f"assignment of {a.role} to {a.user} has {given}", context.location(a),
                          "give exactly one of `project: NAME`, `domain: NAME`, `system: all` "
                          "(write two assignments for two scopes)", subject=a.user)
        elif a.system is not None and a.system != "all":
            yield Problem(f"system scope `{a.system}` is not one Keystone knows", context.location(a, "system"),
                          "write `system: all`", subject=a.user)
