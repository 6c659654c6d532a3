"""A role the deployment defines that no policy mentions.

## What it does
With a deployment, notes each role that no policy file the deployment lists mentions
(in `role:` checks, `roles:` checks, or the registered defaults of the services) and
that does not imply a role that is mentioned.

## Why is this bad?
It is not necessarily wrong — but a role that grants nothing is either left over from
an older policy, or the policy forgot it (a new `auditor` role that every rule still
ignores).

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: compute, name: nova, port: 8774, policy: nova-policy.yaml}
identity:
  roles: [admin, member, auditor]
```
```yaml nova-policy.yaml
"os_compute_api:servers:create": "role:member"
"os_compute_api:servers:delete": "role:admin"
```

## Use instead
```yaml deployment.yaml
version: 1
services:
  - {type: compute, name: nova, port: 8774, policy: nova-policy.yaml}
identity:
  roles: [admin, member, auditor]
```
```yaml nova-policy.yaml
"os_compute_api:servers:create": "role:member"
"os_compute_api:servers:delete": "role:admin"
"os_compute_api:servers:index": "role:auditor or role:member"
```

## Options
`ignore-roles` (list of strings, default `[]`): roles never reported, because what
they grant is not in a policy file — swift's `ResellerAdmin` and `SwiftOperator`, which
the swift proxy's `keystoneauth` middleware checks, or roles that an application reads
from the token. Shell-style patterns (`load-balancer_*`) work; names compare ignoring
case, as `role:` checks do.
```toml pyproject.toml
[tool.policykit.rules.PL502]
ignore-roles = ["ResellerAdmin", "SwiftOperator"]
```
"""

import fnmatch
from pathlib import Path

from policykit.errors import InputError
from policykit.findings import Location, Problem, Severity
from policykit.policy.parser import parse_rule
from policykit.policy.rules.pl501_undefined_role import mentioned_roles

CODE = "PL502"
NAME = "unused-role"
SEVERITY = Severity.INFO
SCOPE = "run"  # one deployment, every policy file it lists
CONF = {"ignore-roles": [str]}
DEFAULT = {"ignore-roles": []}


def _listed_policies(deployment) -> list[tuple[object, Path]]:
    base = Path(deployment.path).parent if getattr(deployment, "path", None) else Path.cwd()
    return [(service, base / p) for service in deployment.services for p in (service.policy or ())]


def _mentioned(deployment) -> set[str]:
    from policykit.policy.defaults import resolve_defaults
    from policykit.policy.lint import load_document

    names: set[str] = set()
    base = Path(deployment.path).parent
    for service, path in _listed_policies(deployment):
        try:
            document, _ = load_document(str(path)) if path.is_file() else load_document(None, [path])
        except (InputError, OSError):
            continue
        for check in (document.rules.values() if document is not None else ()):
            names.update(name.lower() for name, _node, _cs in mentioned_roles(check))
        if service.defaults:
            try:
                defaults = resolve_defaults(service.defaults, base)
            except InputError:
                continue
            for registered in defaults.rules.values():
                names.update(name.lower() for name, _n, _c in mentioned_roles(parse_rule(registered.check_str)))
    return names


def _ignored(role: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(role.lower(), pattern.lower()) for pattern in patterns)


def check(run, options):
    deployment = run.deployment
    if deployment is None or not run.contexts or not getattr(deployment.identity, "roles", ()):
        return
    listed = _listed_policies(deployment)
    if not listed:
        return
    # Several lint calls share one deployment (one per service): report from the first file only.
    first = listed[0][1].resolve()
    if not any(Path(context.path).resolve() == first or first in
               {Path(f.path).resolve().parent for f in context.document.files} for context in run.contexts):
        return
    mentioned = _mentioned(deployment)
    identity = deployment.identity
    for role in identity.roles:
        if _ignored(role.name, options["ignore-roles"]):
            continue
        implied = {name.lower() for name in identity.implied_roles(role.name)}
        if implied & mentioned:
            continue
        yield Problem(
            message=f"role {role.name!r} is defined but no policy of this deployment mentions it "
                    "(nor any role it implies)",
            location=role.location or Location(str(deployment.path)),
            hint="remove the role, or grant it something in the policies",
            subject=role.name,
        )

