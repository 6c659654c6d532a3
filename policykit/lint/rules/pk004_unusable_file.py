"""A file policykit could not read, so nothing in it was checked.

## What it does
Reports a file given to `policykit lint` (or listed by a deployment it lints) that no
reader can use: a YAML or JSON syntax error, a file that is not UTF-8 text, a top level
that is not a mapping, a catalog body of the wrong shape. The finding points at the
position of the syntax error. The run exits 2, whatever else it found, and the summary
says how many files could not be linted; SARIF marks the run as not successful.

This finding cannot be ignored, suppressed or given a lower severity: a file that was
not checked must never look like a file that passed.

## Why is this bad?
The service cannot load the file either: oslo.policy raises on every policy check when
its policy file does not parse, so every API call fails. And a linter that skips the
file without a finding would report the repository as clean.

## Example
```yaml policy.yaml
"compute:start": "role:admin"
"compute:stop": [unclosed
```

## Use instead
```yaml policy.yaml
"compute:start": "role:admin"
"compute:stop": "role:admin"
```
"""

from policykit.findings import Location, Problem, Severity

CODE = "PK004"
NAME = "unusable-file"
SEVERITY = Severity.ERROR


def check(context):
    """``context.unusable_files``: (display path, InputError) for every file no reader could use."""
    for path, error in context.unusable_files:
        location = error.location if error.location is not None else Location(path)
        yield Problem(
            message=f"not linted: {error.message}",
            location=location,
            hint=error.hint or "fix what the message points at, then lint again",
        )
