"""An override that grants by role alone on a policy the service checks no scope for.

## What it does
Reports an override of a registered policy that has no `scope_types` when the rule,
with its `rule:` references expanded, checks nothing but roles — no `project_id`,
`domain_id`, `user_id` or `system_scope`.

## Why is this bad?
Without `scope_types` oslo.policy accepts a token of any scope, and a role check does
not look at the scope either: `role:admin` then means "admin of *any* project",
including a customer's project where that customer was made admin. This is the
classic "admin anywhere is admin everywhere" hole that scoped policies were
introduced to close.

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:list_projects_for_user": "role:admin"
```

## Use instead
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:list_projects_for_user": "role:admin and system_scope:all"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import FalseCheck, NotCheck, RoleCheck, RuleCheck, TrueCheck

CODE = "PL405"
NAME = "override-without-scope"
SEVERITY = Severity.WARNING
SECURITY_SEVERITY = "6.0"


def roles_only(context, check, seen=None) -> bool:
    """True when every leaf reachable from ``check`` is a role check (or a constant)."""
    seen = set() if seen is None else seen
    found_role = False
    for node in check.walk():
        if isinstance(node, RuleCheck):
            if node.match in seen:
                continue
            seen.add(node.match)
            target = context.lookup(node.match)
            if target is None or not roles_only(context, target, seen):
                return False
            found_role = True
        elif isinstance(node, RoleCheck):
            found_role = True
        elif not isinstance(node, (TrueCheck, FalseCheck, NotCheck)) and not node.children():
            return False
    return found_role


def check(context):
    if context.defaults is None:
        return
    for entry in context.effective_entries():
        registered = context.registered(entry.name)
        if registered is None or registered.scope_types or entry.check is None or ":" not in str(entry.name):
            continue
        if not roles_only(context, entry.check):
            continue
        yield context.problem(
            f"{entry.name!r} has no registered scope_types and this override checks roles only: "
            "a token scoped to any project, domain or the system passes if it carries the role",
            context.key_location(entry), entry=entry,
            hint="add a scope condition, e.g. `and system_scope:all` or `and project_id:%(project_id)s`",
        )
