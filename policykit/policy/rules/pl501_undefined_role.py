"""A `role:` check naming a role the deployment does not define.

## What it does
With a deployment (`deployment.yaml`), reports `role:NAME` when no role of the
deployment has that name. Role checks ignore case, so a role that differs only in case
is noted (info) rather than reported as missing. A generic `roles:NAME` check is
case-sensitive: there a case difference means the check never matches (error).

Without a deployment but with the service's registered defaults, reports a role that
no registered default uses and no other rule of the file names, when it looks like a
misspelling of a role the defaults use (`role:reder` for `reader`); a role merely absent
from the defaults (a site's own `auditor`) is not reported.

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


def _default_roles(defaults) -> list[str]:
    from policykit.policy.parser import parse_rule

    cache = _DEFAULT_ROLES.get(id(defaults))
    if cache is not None and cache[0] is defaults:
        return cache[1]
    names: dict[str, None] = {}
    for default in defaults.rules.values():
        for text in (default.check_str, default.deprecated_check_str):
            for name, _, _ in mentioned_roles(parse_rule(text)) if text else ():
                names.setdefault(name, None)
    _DEFAULT_ROLES[id(defaults)] = (defaults, list(names))
    return list(names)


_DEFAULT_ROLES: dict = {}


def _check_against_defaults(context):
    """No deployment: a misspelt role, judged against the roles the registered defaults use."""
    if context.defaults is None:
        return
    known = _default_roles(context.defaults)
    if not known:
        return
    folded = {role.lower() for role in known}
    naming: dict[str, set[str]] = {}
    for entry in context.effective_entries():
        for name, _, _ in mentioned_roles(entry.check) if entry.check is not None else ():
            naming.setdefault(name.lower(), set()).add(entry.name)
    for entry in context.effective_entries():
        if entry.check is None:
            continue
        for name, node, case_sensitive in mentioned_roles(entry.check):
            if name.lower() in folded or len(naming.get(name.lower(), ())) > 1:
                continue
            guess = suggest(name.lower(), known, cutoff=0.75)
            if guess is None:
                continue
            namespace = context.service or ", ".join(context.defaults.namespaces)
            yield context.problem(
                f"role {name!r} is used by no registered default of {namespace} and by no other rule here; "
                f"the defaults use {guess!r}",
                context.value_location(entry, *(node.span if node.span else (None, None))), entry=entry,
                hint=f"did you mean `{'roles' if case_sensitive else 'role'}:{guess}`?",
            )


def check(context):
    roles = deployment_roles(context.deployment)
    if not roles:
        yield from _check_against_defaults(context)
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
