"""A rule that allows everyone because of how it is built, not because it says `""`.

## What it does
Reports a rule that every caller passes, judged from its structure with `rule:`
references expanded: `@ or role:admin`, `not !`, `role:admin or not role:x and @`,
`role:reader or not role:reader`, a reference to a rule that itself always allows, a literal comparison that is always
true (`True:True`). A rule written as `""` or `"@"` is intentional and not reported;
null values (PL201) and `not` over a check without a colon (PL103) have their own codes.

## Why is this bad?
The part of the rule that was meant to restrict access does nothing.

## Example
```yaml policy.yaml
"admin_or_owner": "role:admin or @"
"compute:delete": "rule:admin_or_owner"
```

## Use instead
```yaml policy.yaml
"admin_or_owner": "role:admin or project_id:%(project_id)s"
"compute:delete": "rule:admin_or_owner"
```
"""

from policykit.findings import Severity
from policykit.policy.lint import rule_text
from policykit.policy.format import list_rule_to_string
from policykit.policy.rules.pl103_check_without_colon import colonless_leaves
from policykit.policy.rules.pl201_empty_value_allows_all import describe as empty_value

CODE = "PL202"
NAME = "always-allows"
SEVERITY = Severity.ERROR
SECURITY_SEVERITY = "8.5"


def explicit_allow(entry) -> bool:
    """`""`, `"@"`, and their list-syntax spellings `[]`, `[["@"]]`: everyone, on purpose."""
    text = rule_text(entry)
    if text is None and isinstance(entry.raw, list):
        text = list_rule_to_string(entry.raw)
    return text is not None and text.replace("(", "").replace(")", "").strip() in ("", "@")


def check(context):
    for entry in context.effective_entries():
        if entry.check is None or explicit_allow(entry) or empty_value(entry) is not None:
            continue
        if any(negations % 2 for *_rest, negations in colonless_leaves(entry)):
            continue
        constant = context.folder.fold(entry.check)
        if constant is None or not constant.value:
            continue
        severity = None  # the rule's own
        message = f"{entry.name!r} allows everyone: {constant.because}"
        if constant.by_design:
            # Through an alias written as "" on purpose (`"regular_user": ""`): say so, quietly.
            severity = Severity.INFO
            message += "; the alias says so on purpose, but check that every caller is really meant"
        yield context.problem(
            message, context.key_location(entry), entry=entry, severity=severity,
            hint='write "" if everyone is meant to pass; otherwise remove the part that always allows',
        )
