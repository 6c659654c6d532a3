"""An override identical to the service's registered default.

## What it does
Reports a policy whose rule is the same check (compared the way oslo.policy compares
them: the parsed rule's text) as the default the service registers under that name.
The fix deletes the line — offered only for a one-line YAML entry whose deletion
cannot change what the service enforces: no duplicate, no deprecated name of the same
policy elsewhere in the file (oslo would carry its override over), and no deprecated
default that differs (with `enforce_new_defaults = False` oslo would OR it back in).

Several in one file are reported as one finding with their count and names (every
one of them is in the JSON and SARIF reports).

## Why is this bad?
A copy of a default freezes it: when the service improves the default in an upgrade
(new roles, scope), the copy keeps the old rule — the upgrade's new default never takes
effect. oslo.policy logs a warning about redundant overrides for the same reason
(`oslopolicy-list-redundant`).

## Example
```yaml deployment.yaml
version: 1
services:
  - {type: identity, name: keystone, port: 5000, policy: keystone-policy.yaml, defaults: keystone}
```
```yaml keystone-policy.yaml
"identity:authorize_request_token": "rule:admin_required"
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

from policykit.findings import Fix, Severity
from policykit.policy.rules._defaults_common import parsed_str

CODE = "PL401"
NAME = "redundant-override"
SEVERITY = Severity.WARNING
FIXABLE = True


def _line_span(text: str, line: int) -> tuple[int, int]:
    start = 0
    for _ in range(line - 1):
        start = text.index("\n", start) + 1
    end = text.find("\n", start)
    return start, (len(text) if end < 0 else end + 1)


def _safe_fix(context, entry) -> Fix | None:
    if context.path.endswith(".json") or entry.value_node.end_line != entry.key_node.line:
        return None
    if entry.value_node.kind != "scalar" or any(e.name == entry.name and e is not entry for e in context.entries):
        return None
    registered = context.registered(entry.name)
    if registered.deprecated_name and registered.deprecated_name in context.rules:
        return None  # deleting this line would let oslo carry the deprecated name's override over
    if registered.deprecated_check_str is not None and \
            parsed_str(registered.deprecated_check_str) != parsed_str(registered.check_str):
        return None  # with enforce_new_defaults=False oslo would OR the old default back in
    start, end = _line_span(context.text_of(entry), entry.key_node.line)
    line = context.text_of(entry)[start:end]
    if line[: entry.key_node.column - 1].strip():
        return None  # something else (a flow mapping) shares the line
    return Fix(start, end, "", f"delete the redundant override of {entry.name!r}")


def check(context):
    if context.defaults is None:
        return
    for entry in context.effective_entries():
        registered = context.registered(entry.name)
        if registered is None or entry.check is None:
            continue
        if str(entry.check) != parsed_str(registered.check_str):
            continue
        yield context.problem(
            f"{entry.name!r} repeats the registered default ({registered.check_str or '@'}): while this "
            "override stays, an upgrade's new default for it does not take effect",
            context.key_location(entry), entry=entry, fix=_safe_fix(context, entry),
            hint="remove it, so that upgrades bring the service's new default",
        )


def grouped(members):
    """The one finding for all the redundant overrides of a file."""
    from policykit.lint.grouping import names

    fixable = sum(1 for m in members if m.fix is not None)
    return (f"{len(members)} overrides repeat the service's registered defaults ({names(members)}): while they "
            "stay, an upgrade's new defaults for these policies do not take effect",
            "remove them" + (f"; `policykit lint --fix` removes the {fixable} it can delete safely" if fixable else ""))
