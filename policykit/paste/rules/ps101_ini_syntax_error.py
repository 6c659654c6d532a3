"""A line configparser cannot read: the file does not load at all.

## What it does
Reports every line PasteDeploy's parser (`configparser.ConfigParser`, strict) refuses:
a line with neither `=` nor `:`, a `= value` line without a key, and content before the
first `[section]` header. PasteDeploy stops at the first of them; this rule lists all.

## Why is this bad?
configparser rejects the whole file, so *every* app in it fails to load
(`ParsingError: Source contains parsing errors` or `MissingSectionHeaderError`). The
usual cause is a value meant to continue the previous line that is not indented, or a
middleware name written on a line of its own.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = versionnegotiation
authtoken
    context rootapp
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = versionnegotiation
    authtoken
    context rootapp
```
"""

from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.document import ProblemKind

CODE = "PS101"
NAME = "ini-syntax-error"
SEVERITY = Severity.ERROR

_KINDS = (ProblemKind.NO_DELIMITER, ProblemKind.MISSING_SECTION_HEADER)


def check(context):
    for issue in context.paste.problems:
        if issue.kind in _KINDS:
            yield problem(issue.message, issue.location, hint=issue.hint)
    if context.conf is not None:
        for issue in context.conf.problems:
            if issue.kind in _KINDS:
                yield problem(issue.message, issue.location, hint=issue.hint)
