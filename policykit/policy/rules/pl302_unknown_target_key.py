"""A target substitution the service's target for this policy probably does not carry.

## What it does
For an override of a registered policy, compares the `%(key)s` substitutions of the
override with those of the registered default, following its `rule:` references into
the other registered defaults (nova's `rule:project_member_or_admin` substitutes
`%(project_id)s`) — the keys the service's target is known to carry, since its own
default uses them. Reports a key the default does not use when
it looks like a misspelling of one that it does (`%(target.project.idd)s`), or is the
old `tenant` spelling of a `project` key the default uses.

## Why is this bad?
A missing target key does not raise: oslo.policy turns the KeyError into "false", so
the check silently never matches — owners lose access to their own resources.

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:get_project": "role:admin or project_id:%(target.project.idd)s"
```

A nova override `"os_compute_api:servers:create": "role:member and project_id:%(tenant_id)s"`
is reported too: nova's default reaches `%(project_id)s` through `rule:project_member_or_admin`.

## Use instead
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:get_project": "role:admin or project_id:%(target.project.id)s"
```
"""

import re

from policykit.findings import Severity
from policykit.policy.ast import LeafCheck, RuleCheck
from policykit.policy.parser import parse_rule
from policykit.suggest import suggest

CODE = "PL302"
NAME = "unknown-target-key"
SEVERITY = Severity.WARNING

_KEY = re.compile(r"%\(([^)]*)\)")


def target_keys(check) -> set[str]:
    keys: set[str] = set()
    for node in check.walk():
        if isinstance(node, LeafCheck):
            keys.update(_KEY.findall(node.match))
    return keys


def default_target_keys(context, name: str) -> set[str]:
    """The keys the registered default ``name`` substitutes, through its ``rule:`` references
    (resolved in the registered defaults first: they describe the service's own target)."""
    keys: set[str] = set()
    seen: set[str] = set()
    pending = [name]
    while pending and len(seen) < 200:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        registered = context.registered(current)
        check = parse_rule(registered.check_str) if registered is not None else context.lookup(current)
        if check is None:
            continue
        keys |= target_keys(check)
        pending.extend(node.match for node in check.walk() if isinstance(node, RuleCheck))
    return keys


def check(context):
    if context.defaults is None:
        return
    custom = context.check_kinds()
    for entry in context.effective_entries():
        registered = context.registered(entry.name)
        if registered is None or entry.check is None:
            continue
        known = default_target_keys(context, entry.name)
        if not known:
            continue
        for node in entry.check.walk():
            if not isinstance(node, LeafCheck) or node.kind in custom:
                continue  # a service's own check kind reads its match its own way (neutron's owner check)
            for key in _KEY.findall(node.match):
                if key in known:
                    continue
                renamed = key.replace("tenant_id", "project_id").replace("tenant", "project")
                guess = renamed if renamed != key and renamed in known else suggest(key, known, cutoff=0.8)
                if guess is None:
                    continue
                start = node.span.start if node.span else None
                offset = node.match.find(f"%({key})")
                begin = None if start is None else start + len(node.kind) + 1 + offset
                location = context.value_location(entry, begin, None if begin is None else begin + len(key) + 3)
                yield context.problem(
                    f"`%({key})s`: the registered default of {entry.name!r} substitutes `%({guess})s`, not "
                    f"`{key}`; a key missing from the target makes the check false",
                    location, entry=entry, hint=f"did you mean `%({guess})s`?",
                )
