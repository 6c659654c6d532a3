"""Two regions or identity objects share a name or an id.

## What it does
Reports a region id declared twice; two domains, or two roles, with the same name or
id; two projects or two users with the same name in one domain, or the same id anywhere;
and a role assignment given twice.

## Why is this bad?
Keystone refuses the second object (names are unique per domain, ids everywhere), so
the deployment cannot be created as written; references to the name are ambiguous.

## Example
```yaml deployment.yaml
version: 1
identity:
  users:
    - {name: alice, domain: Default}
    - {name: alice, domain: Default, description: second Alice}
```

## Use instead
```yaml deployment.yaml
version: 1
identity:
  users:
    - {name: alice, domain: Default}
    - {name: alice2, domain: Default, description: second Alice}
```
"""

from policykit.findings import Problem, Severity

CODE = "DP008"
NAME = "duplicate-name"
SEVERITY = Severity.ERROR


def _duplicates(context, items, key, what):
    """A finding for every item whose key an earlier item already has."""
    seen = {}
    for item in items:
        value = key(item)
        if value in seen:
            first = seen[value].location
            line = f" (first on line {first.line})" if first and first.line else ""
            label = value[-1] if isinstance(value, tuple) else value
            yield Problem(f"{what} `{label}` is declared twice{line}", context.location(item),
                          "give each a different name, or remove one", subject=str(label),
                          related=(first,) if first else ())
        else:
            seen[value] = item


def _first_of_each_name(items):
    """Items with a new (domain, name): a repeated name is reported once, not again as a repeated id."""
    seen = set()
    for item in items:
        if (item.domain_id, item.name) not in seen:
            seen.add((item.domain_id, item.name))
            yield item


def check(context):
    deployment = context.deployment
    if deployment is None:
        return
    identity = deployment.identity
    yield from _duplicates(context, deployment.regions, lambda r: r.id, "region")
    declared_domains = [d for d in identity.domains if d.location is not None]
    yield from _duplicates(context, declared_domains, lambda d: d.name, "domain")
    yield from _duplicates(context, declared_domains, lambda d: ("id", d.id), "domain id")
    yield from _duplicates(context, identity.roles, lambda r: r.name, "role")
    for items, what in ((identity.projects, "project"), (identity.users, "user")):
        yield from _duplicates(context, items, lambda i: (i.domain_id or i.domain, i.name), what)
        yield from _duplicates(context, list(_first_of_each_name(items)), lambda i: ("id", i.id), f"{what} id")
    yield from _duplicates(
        context, identity.assignments,
        lambda a: (a.user, a.user_domain, a.role, a.project, a.project_domain, a.domain, a.system, f"{a.role} for {a.user}"),
        "assignment",
    )
