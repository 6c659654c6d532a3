"""A policy name the service does not register — usually a typo.

## What it does
Reports a policy name that is not among the service's registered defaults, is not a
deprecated name of one, and is not used as an alias by any `rule:` reference — with the
closest registered name.

## Why is this bad?
The service never asks for that name, so the override does nothing; the policy it was
meant for keeps its default. Nothing in the service's logs says so.

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:get_usr": "role:admin"
```

## Use instead
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:get_user": "role:admin"
```
"""

from policykit.findings import Severity
from policykit.policy.rules._defaults_common import referenced_names
from policykit.suggest import suggest

CODE = "PL402"
NAME = "unknown-policy-name"
SEVERITY = Severity.WARNING


def check(context):
    defaults = context.defaults
    if defaults is None or not defaults.rules:
        return
    deprecated = {rule.deprecated_name for rule in defaults.rules.values() if rule.deprecated_name}
    aliases = referenced_names(context)
    # A typo keeps the service prefix (`os_compute_api:`, `identity:`): compare within it only.
    by_prefix: dict[str, list[str]] = {}
    for registered in defaults.rules:
        by_prefix.setdefault(registered.split(":", 1)[0], []).append(registered)
    for entry in context.effective_entries():
        name = entry.name
        if name in defaults.rules or name in deprecated or name in aliases or name == context.default_rule:
            continue
        guess = suggest(name, by_prefix.get(str(name).split(":", 1)[0], ()), cutoff=0.8)
        yield context.problem(
            f"{name!r} is not a policy {', '.join(defaults.namespaces)} registers and no rule refers to it; "
            "the service never evaluates it",
            context.key_location(entry), entry=entry,
            hint=f"did you mean {guess!r}?" if guess else None,
        )
