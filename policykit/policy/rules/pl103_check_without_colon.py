"""A check with no colon, which oslo.policy reads as `!` (deny) — and `not` turns into allow.

## What it does
Reports a chunk of a rule that is neither an operator nor a `kind:match` check, such as
`admin`, `is_admin`, `admin_required` (a rule name written without `rule:`), or a
list-syntax element without a colon.

## Why is this bad?
oslo.policy logs "Failed to understand rule" and uses a FalseCheck for that piece only.
`role:member and admin` therefore denies everyone, and `not foo` — or
`role:reader or not bogus` — **allows everyone**.

## Example
```yaml policy.yaml
"compute:start": "role:member and not suspended"
```

## Use instead
```yaml policy.yaml
"compute:start": "role:member and not rule:suspended"
"suspended": "role:suspended"
```
"""

from policykit.findings import Severity
from policykit.policy.lint import rule_text
from policykit.policy.ast import FalseCheck
from policykit.policy.rules._common import with_negation
from policykit.suggest import suggest

CODE = "PL103"
NAME = "check-without-colon"
SEVERITY = Severity.ERROR
SECURITY_SEVERITY = "8.0"


def colonless_leaves(entry):
    """(text, start, end, negations) of every leaf that is `!` only because it has no colon.

    For the list syntax ``start`` is the element's index path and ``end`` is None."""
    if entry.check is None:
        return
    if isinstance(entry.raw, list):
        for i, item in enumerate(entry.raw):
            elements = [(item, (i,))] if isinstance(item, str) else \
                [(e, (i, j)) for j, e in enumerate(item)] if isinstance(item, list) else []
            for element, path in elements:
                if isinstance(element, str) and element not in ("!", "@") and ":" not in element:
                    yield element, path, None, 0
        return
    text = rule_text(entry) or ""
    for node, negations in with_negation(entry.check):
        if isinstance(node, FalseCheck) and node.span is not None:
            written = text[node.span.start:node.span.end]
            if written != "!" and ":" not in written and written.strip("()") not in ("!", ""):
                yield written, node.span.start, node.span.end, negations


def check(context):
    names = [name for name in context.rules]
    for entry in context.effective_entries():
        for written, start, end, negations in colonless_leaves(entry):
            if negations % 2:
                effect = "`not` turns it into allow-everyone"
            else:
                effect = "that part of the rule denies everyone"
            suggestion = suggest(written, names, cutoff=0.75) if written not in names else written
            if suggestion:
                hint = f"did you mean `rule:{suggestion}`?"
            elif written.lower() in ("admin", "member", "reader"):
                hint = f"did you mean `role:{written}`?"
            else:
                hint = "write a `kind:match` check such as `role:NAME` or `rule:NAME`"
            location = context.element_location(entry, start) if isinstance(start, tuple) else \
                context.value_location(entry, start, end)
            yield context.problem(
                f"`{written}` has no colon: oslo.policy reads it as `!`; {effect}",
                location, entry=entry, hint=hint,
            )
