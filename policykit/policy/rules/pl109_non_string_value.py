"""A policy value that is neither a rule string nor a rule list.

## What it does
Reports values such as `true`, `yes`, `5`, a mapping, or list elements that are not
strings or lists of strings — and policy names YAML reads as something else than a
string (`1:`, `true:`).

## Why is this bad?
oslo.policy raises TypeError for a boolean or number while loading the file, so the
service cannot load its policy at all (every API call fails). A mapping is iterated
over its keys as list syntax, and a non-string list element becomes a deny-everyone
check: neither is what anyone meant.

## Example
```yaml policy.yaml
"compute:start": true
```

## Use instead
```yaml policy.yaml
"compute:start": ""
```
"""

from policykit.compose import excerpt
from policykit.findings import Severity

CODE = "PL109"
NAME = "non-string-value"
SEVERITY = Severity.ERROR


def odd_list_elements(raw):
    """(element, index path) of every list-syntax element that is not a string."""
    for i, item in enumerate(raw):
        if isinstance(item, str) or not item:
            continue
        if not isinstance(item, list):
            yield item, (i,)
            continue
        for j, element in enumerate(item):
            if not isinstance(element, str):
                yield element, (i, j)


def check(context):
    for problem in context.document.problems:
        if problem.kind == "non-string-key":
            yield context.problem(problem.message, problem.location, hint="quote the name")
    for entry in context.entries:
        location = context.value_location(entry)
        if entry.error is not None:
            yield context.problem(
                f"{entry.name!r} is {excerpt(entry.raw)} ({type(entry.raw).__name__}); oslo.policy raises TypeError "
                "loading this file, so the service cannot load its policy",
                location, entry=entry, hint='quote it as a rule: "" allows everyone, "!" denies everyone',
            )
        elif isinstance(entry.raw, dict):
            yield context.problem(
                f"{entry.name!r} is a mapping; oslo.policy reads its keys as list syntax",
                location, entry=entry, hint="write the rule as a string",
            )
        elif isinstance(entry.raw, list):
            for element, path in odd_list_elements(entry.raw):
                yield context.problem(
                    f"{entry.name!r}: list element {excerpt(element)} is not a string; oslo.policy reads it as `!` (deny)",
                    context.element_location(entry, path), entry=entry, hint="write the rule as a string",
                )
