"""A `rule:` reference to a name that is defined nowhere.

## What it does
Reports `rule:NAME` when NAME is neither in the policy file nor registered by the
service (when the registered defaults are known), and says what oslo.policy evaluates
instead: the `default` rule if there is one, otherwise nothing (deny). References under
`not` are reported too — oslo's own `check_rules` (and so `oslopolicy-validator`) does
not look there.

## Why is this bad?
A misspelt reference does not deny: it silently means "whatever the default rule says".
With a permissive default that is a hole; with `not rule:typo` and no default it is
allow-everyone.

## Example
```yaml policy.yaml
"admin_required": "role:admin"
"identity:create_user": "rule:admin_requried"
```

## Use instead
```yaml policy.yaml
"admin_required": "role:admin"
"identity:create_user": "rule:admin_required"
```
"""

from policykit.findings import Severity
from policykit.policy.rules._analysis import references
from policykit.suggest import suggest

CODE = "PL106"
NAME = "undefined-rule-reference"
SEVERITY = Severity.ERROR


def fallback_text(context, negated: bool = False) -> str:
    default = context.rules.get(context.default_rule)
    if default is not None and default.check is not None:
        return f"oslo.policy evaluates the default rule `{context.default_rule}` ({default.check}) instead"
    registered = context.registered(context.default_rule)
    if registered is not None:
        return f"oslo.policy evaluates the registered default rule ({registered.check_str or '@'}) instead"
    if negated:
        return "there is no default rule, so the check is false and the `not` above it makes that part true for everyone"
    return "there is no default rule, so this check denies everyone"


def check(context):
    candidates = set(context.rules)
    if context.defaults is not None:
        candidates |= set(context.defaults.rules)
    for entry in context.effective_entries():
        if entry.check is None:
            continue
        for node, negated in references(entry.check):
            if context.defined(node.match):
                continue
            start, end = (node.span.start, node.span.end) if node.span else (None, None)
            suggestion = suggest(node.match, candidates, cutoff=0.75)
            hint = f"did you mean `rule:{suggestion}`?" if suggestion else None
            if hint is None and context.defaults is None:
                hint = "if the service registers this rule, lint with its defaults (--namespace/--defaults)"
            extra = " (under `not`, where oslopolicy-validator does not look)" if negated else ""
            yield context.problem(
                f"`rule:{node.match}` names no rule{extra}; {fallback_text(context, negated)}",
                context.value_location(entry, start, end), entry=entry, hint=hint,
            )
