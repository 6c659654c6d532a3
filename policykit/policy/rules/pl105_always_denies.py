"""A rule that denies everyone because of how it is built, not because it says `!`.

## What it does
Reports a rule that no credentials can ever pass, judged from its structure alone:
`role:admin and !`, `not @`, `not (role:a or @)`, `role:a and not role:a`, a literal
comparison that is always false (`True:False`). A rule written as plain `!` is intentional and not
reported; rules that fail to parse or contain a check without a colon have their own
codes (PL101, PL103).

## Why is this bad?
The author meant some callers to get through. oslo.policy gives no sign: the API just
answers 403 to everyone.

## Example
```yaml policy.yaml
"compute:start": "role:admin and not @"
```

## Use instead
```yaml policy.yaml
"compute:start": "role:admin"
```
"""

from policykit.findings import Severity
from policykit.policy.lint import rule_text, is_null
from policykit.policy.rules._analysis import ConstantFolder
from policykit.policy.rules.pl101_unparsable_rule import deny_all_diagnostic
from policykit.policy.rules.pl103_check_without_colon import colonless_leaves
from policykit.policy.rules.pl109_non_string_value import odd_list_elements

CODE = "PL105"
NAME = "always-denies"
SEVERITY = Severity.WARNING


def _explicit_deny(entry) -> bool:
    text = rule_text(entry)
    return text is not None and text.replace("(", "").replace(")", "").strip() == "!"


def check(context):
    # References are not followed: `rule:deny_all` pointing at `!` is the usual way to say "nobody".
    folder = ConstantFolder(context.lookup, context.default_rule, follow_references=False)
    for entry in context.effective_entries():
        if entry.check is None or is_null(entry) or _explicit_deny(entry) or entry.raw == [[]]:
            continue
        if deny_all_diagnostic(entry) is not None:
            continue
        if any(True for _ in colonless_leaves(entry)):
            continue  # PL103 says why
        if isinstance(entry.raw, list) and any(True for _ in odd_list_elements(entry.raw)):
            continue  # PL109 says why
        constant = folder.fold(entry.check)
        if constant is None or constant.value:
            continue
        yield context.problem(
            f"{entry.name!r} denies everyone: {constant.because}",
            context.key_location(entry), entry=entry,
            hint='write "!" if nobody should be allowed, otherwise remove the constant part',
        )
