"""A rule written in the legacy list-of-lists syntax.

## What it does
Reports values such as `[["role:admin"], ["project_id:%(project_id)s"]]`. When the
list has an exact string spelling, `--fix` replaces it with the equivalent string rule
(`role:admin or project_id:%(project_id)s`; outer list = or, inner list = and). Lists
whose elements contain spaces, parentheses, the words and/or/not or empty strings are
reported without a fix: the list syntax takes each element literally, the string
syntax would not.

Several in one file are reported as one finding with their count and names.

## Why is this bad?
The list syntax is hard to read — a bare string in the outer list is an *or*, not an
*and* — and it does not interpret its elements: `[["not role:a"]]` is a check on a
credential called `not role`. It survives only for compatibility.

## Example
```yaml policy.yaml
"admin_or_owner": [["role:admin"], ["project_id:%(project_id)s"]]
```

## Use instead
```yaml policy.yaml
"admin_or_owner": "role:admin or project_id:%(project_id)s"
```
"""

import json

from policykit.findings import Fix, Severity
from policykit.policy.format import content_end, list_rule_to_string

CODE = "PL601"
NAME = "legacy-list-syntax"
SEVERITY = Severity.INFO
FIXABLE = True


def check(context):
    for entry in context.effective_entries():
        if entry.value_node.kind != "sequence" or entry.check is None:
            continue
        converted = list_rule_to_string(entry.raw)
        node = entry.value_node
        if converted is None:
            yield context.problem(
                f"{entry.name!r} uses the legacy list syntax, and its elements have no exact string spelling",
                context.value_location(entry), entry=entry,
                hint="rewrite it by hand; list elements are taken literally (spaces, parentheses and keywords too)",
            )
            continue
        replacement = json.dumps(converted, ensure_ascii=False)
        yield context.problem(
            f"{entry.name!r} uses the legacy list syntax; the same rule as a string is {replacement}",
            context.value_location(entry), entry=entry,
            fix=Fix(node.start_index, content_end(node), replacement, "list syntax → string syntax"),
        )


def grouped(members):
    """The one finding for all the list-syntax rules of a file."""
    from policykit.lint.grouping import names

    fixable = sum(1 for m in members if m.fix is not None)
    hint = f"`policykit lint --fix` rewrites the {fixable} that have an exact string spelling" if fixable else None
    if fixable < len(members):
        hint = (hint + "; " if hint else "") + "rewrite the others by hand (list elements are taken literally)"
    return f"{len(members)} rules use the legacy list syntax ({names(members)})", hint
