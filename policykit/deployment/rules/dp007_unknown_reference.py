"""An identity object refers to a domain, user, role or project the deployment does not declare.

## What it does
Reports projects and users in an unknown domain, a project whose `parent` is not a
project of the same domain, roles implying an unknown role, and
role assignments naming an unknown (or, across domains, ambiguous) user, role, project
or domain. Names are matched exactly, then as ids.

## Why is this bad?
Keystone would refuse to create such an object or assignment. The persona of a broken
assignment does not exist, so the policy checks and evaluations that rely on it silently
miss a user.

## Example
```yaml deployment.yaml
version: 1
identity:
  projects:
    - {name: demo, domain: Default}
  roles: [admin, member, reader]
  users:
    - {name: alice, domain: Default}
  assignments:
    - {user: alice, role: membre, project: demo}
```

## Use instead
```yaml deployment.yaml
version: 1
identity:
  projects:
    - {name: demo, domain: Default}
  roles: [admin, member, reader]
  users:
    - {name: alice, domain: Default}
  assignments:
    - {user: alice, role: member, project: demo}
```
"""

from policykit.findings import Problem, Severity
from policykit.suggest import suggest

CODE = "DP007"
NAME = "unknown-reference"
SEVERITY = Severity.ERROR


def _unknown(context, obj, key, what, ref, known):
    guess = suggest(ref, known)
    hint = f"did you mean `{guess}`?" if guess else f"declare the {what} under identity"
    return Problem(f"unknown {what} `{ref}`", context.location(obj, key), hint, subject=ref)


def _matches(context, obj, key, what, found, ref, known):
    if not found:
        return _unknown(context, obj, key, what, ref, known)
    if len({item.domain_id for item in found}) > 1:
        return Problem(f"{what} `{ref}` exists in more than one domain", context.location(obj, key),
                       f"add `{what}_domain:` to say which one", subject=ref)
    return None


def check(context):
    deployment = context.deployment
    if deployment is None:
        return
    identity = deployment.identity
    domain_names = [d.name for d in identity.domains]
    for item, what in [(p, "project") for p in identity.projects] + [(u, "user") for u in identity.users]:
        if item.domain_id is None:
            yield _unknown(context, item, "domain", "domain", item.domain, domain_names)
    for project in identity.projects:
        if project.parent is not None and not identity.find_projects(project.parent, project.domain):
            yield _unknown(context, project, "parent", "project", project.parent,
                           [p.name for p in identity.projects if p.domain_id == project.domain_id])
    role_names = [r.name for r in identity.roles]
    for role in identity.roles:
        for implied in role.implies:
            if identity.find_role(implied) is None:
                yield _unknown(context, role, "implies", "role", implied, role_names)
    # The "did you mean" candidates, listed once: not once per assignment.
    user_names = [u.name for u in identity.users]
    project_names = [p.name for p in identity.projects]
    for a in identity.assignments:
        for key, domain in (("user_domain", a.user_domain), ("project_domain", a.project_domain)):
            if domain is not None and identity.find_domain(domain) is None:
                yield _unknown(context, a, key, "domain", domain, domain_names)
        problem = _matches(context, a, "user", "user", identity.find_users(a.user, a.user_domain), a.user,
                           user_names)
        if problem:
            yield problem
        if identity.find_role(a.role) is None:
            yield _unknown(context, a, "role", "role", a.role, role_names)
        if a.project is not None:
            problem = _matches(context, a, "project", "project", identity.find_projects(a.project, a.project_domain),
                               a.project, project_names)
            if problem:
                yield problem
        if a.domain is not None and identity.find_domain(a.domain) is None:
            yield _unknown(context, a, "domain", "domain", a.domain, domain_names)
