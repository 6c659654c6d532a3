"""A policy file the service cannot load because of tab characters.

## What it does
Reports a tab character in a policy file where a YAML parser does not accept one —
typically a tab-indented JSON file — at the line of the first such tab.

## Why is this bad?
oslo.policy 6 reads every policy file, JSON included, with `yaml.safe_load`; a tab used
as indentation or separator is a YAML syntax error there. The service then raises
ValueError from **every** policy check: every API call fails. Strict JSON tools and
libyaml accept the file, so it looks fine everywhere else.

## Example
```json policy.json
{
	"compute:start": "role:member"
}
```

## Use instead
```json policy.json
{
    "compute:start": "role:member"
}
```
"""

from policykit.findings import Location, Problem, Severity

CODE = "PL110"
NAME = "tab-in-policy-file"
SEVERITY = Severity.ERROR


def problem_for(path: str, text: str, error) -> Problem | None:
    """The problem for a load error caused by a tab, or None for any other load error."""
    location = getattr(error, "location", None)
    if "\t" not in text:
        return None
    lines = text.splitlines()
    line = location.line if location is not None and location.line else None
    if line is None or line > len(lines) or "\t" not in lines[line - 1]:
        line = next((i for i, content in enumerate(lines, 1) if "\t" in content), None)
    if line is None:
        return None
    column = lines[line - 1].index("\t") + 1
    return Problem(
        message="tab character: services read policy files with a YAML parser, which rejects this tab, "
                "so the policy cannot be loaded and every policy check raises ValueError",
        location=Location(path, line, column, line, column + 1),
        hint="replace the tabs with spaces (`policykit fmt` does this for JSON files)",
    )


def check(context):
    return ()  # reported while loading: a file that fails to load has no context
