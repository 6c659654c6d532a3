"""A suppression comment that suppresses nothing.

## What it does
Reports a `# policykit: ignore[...]` or `# policykit: file-ignore[...]` comment, or
one code in it, that covered no finding although the rule it names ran.

## Why is this bad?
A suppression outlives the problem it was written for. Left in place it hides the
next, real finding of that rule on the same line — perhaps a fail-open one. The fix
removes the stale code (or the whole comment when nothing in it is used).

## Example
```yaml policy.yaml
# policykit: ignore[PK002]
"compute:start": "role:admin"
```

## Use instead
```yaml policy.yaml
"compute:start": "role:admin"
```
"""

from policykit.findings import Problem, Severity

CODE = "PK001"
NAME = "unused-suppression"
SEVERITY = Severity.WARNING
FIXABLE = True


def check(context):
    """``context.unused_suppressions``: (directive, unused selectors, fix) from the suppression pass."""
    for directive, unused, fix in context.unused_suppressions:
        kind = "file-ignore" if directive.file_wide else "ignore"
        yield Problem(
            message=f"unused suppression: {', '.join(unused)} in {kind}[...] covers no finding",
            location=directive_location(directive),
            hint="remove it (policykit lint --fix does)",
            fix=fix,
        )


def directive_location(directive):
    from policykit.findings import Location

    return Location(directive.path, directive.line, directive.column)
