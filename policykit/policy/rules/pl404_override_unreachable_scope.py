"""An override that needs a token scope the policy never accepts.

## What it does
Reports an override whose rule can only pass for a system-scoped token
(`system_scope:all` is required on every path) while the service registers the policy
with `scope_types` that do not include `system` — so oslo.policy rejects system-scoped
tokens before it even looks at the rule, and every other token fails the rule.

## Why is this bad?
oslo.policy 6 always enforces the registered `scope_types`, also for overridden
rules. An override written for system administrators on a project-scoped policy
denies everyone.

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:authorize_request_token": "role:admin and system_scope:all"
```

## Use instead
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:authorize_request_token": "role:admin and project_id:%(target.project.id)s"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import GenericCheck
from policykit.policy.rules._analysis import Constant, ConstantFolder

CODE = "PL404"
NAME = "override-unreachable-scope"
SEVERITY = Severity.ERROR


def _without_system(check):
    if type(check) is GenericCheck and check.kind in ("system_scope", "system"):
        return Constant(False, f"`{check}` needs a system-scoped token")
    return None


def check(context):
    if context.defaults is None:
        return
    folder = ConstantFolder(context.lookup, context.default_rule, leaf_value=_without_system)
    for entry in context.effective_entries():
        registered = context.registered(entry.name)
        if registered is None or not registered.scope_types or "system" in registered.scope_types:
            continue
        if entry.check is None or context.folder.fold(entry.check) is not None:
            continue  # constant rules are PL105/PL202's
        constant = folder.fold(entry.check)
        if constant is None or constant.value:
            continue
        scopes = ", ".join(registered.scope_types)
        yield context.problem(
            f"{entry.name!r} only passes system-scoped tokens, but the service registers it for scope {scopes}: "
            "nobody can pass it",
            context.key_location(entry), entry=entry,
            hint=f"write the rule for {scopes}-scoped tokens",
        )
