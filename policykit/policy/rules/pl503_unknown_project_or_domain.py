"""A literal project or domain in a check that the deployment does not have.

## What it does
With a deployment, reports checks that compare a project or domain credential with a
literal value — `project_id:abc123`, `domain_id:default`, `project_domain_id:...`,
`project_name:...`, `domain_name:...` — when no project or domain of the deployment has
that id (or name). When the value is the *name* of one where an id is compared, it says
which id was meant.

## Why is this bad?
Ids differ between clouds and are regenerated when a project is re-created. A check
pinned to an id that does not exist never matches (or, under `not`, always does).

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: compute, name: nova, port: 8774, policy: nova-policy.yaml}
identity:
  domains: [{name: Default, id: default}]
  projects: [{name: admin, domain: Default, id: 0a1b2c}]
```
```yaml nova-policy.yaml
"cloud_admin": "role:admin and project_id:admin"
```

## Use instead
```yaml deployment.yaml
version: 1
services:
  - {type: compute, name: nova, port: 8774, policy: nova-policy.yaml}
identity:
  domains: [{name: Default, id: default}]
  projects: [{name: admin, domain: Default, id: 0a1b2c}]
```
```yaml nova-policy.yaml
"cloud_admin": "role:admin and project_id:0a1b2c"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import GenericCheck
from policykit.suggest import suggest

CODE = "PL503"
NAME = "unknown-project-or-domain"
SEVERITY = Severity.WARNING

_KINDS = {
    "project_id": ("project", "id"), "service_project_id": ("project", "id"), "tenant_id": ("project", "id"),
    "project_name": ("project", "name"), "tenant_name": ("project", "name"),
    "domain_id": ("domain", "id"), "project_domain_id": ("domain", "id"), "user_domain_id": ("domain", "id"),
    "service_project_domain_id": ("domain", "id"), "service_user_domain_id": ("domain", "id"),
    "domain_name": ("domain", "name"),
}


def check(context):
    identity = getattr(context.deployment, "identity", None)
    if identity is None:
        return
    pools = {"project": list(identity.projects), "domain": list(identity.domains)}
    for entry in context.effective_entries():
        if entry.check is None:
            continue
        for node in entry.check.walk():
            if type(node) is not GenericCheck or node.kind not in _KINDS or "%" in node.match:
                continue
            what, field = _KINDS[node.kind]
            pool = pools[what]
            if not pool or node.match in {getattr(item, field) for item in pool} or node.match == "None":
                continue
            location = context.value_location(entry, *(node.span if node.span else (None, None)))
            by_other = [item for item in pool if getattr(item, "name" if field == "id" else "id") == node.match]
            if by_other:
                item = by_other[0]
                hint = f"{node.match!r} is the {'name' if field == 'id' else 'id'} of {what} " \
                       f"{item.name!r}; its {field} is {getattr(item, field)!r}"
            else:
                guess = suggest(node.match, [getattr(item, field) for item in pool], cutoff=0.7)
                hint = f"did you mean {guess!r}?" if guess else None
            yield context.problem(
                f"`{node}`: no {what} of the deployment has the {field} {node.match!r}; the check never matches",
                location, entry=entry, hint=hint,
            )
