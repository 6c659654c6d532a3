"""A check kind that looks like a misspelt `role` or `rule`.

## What it does
Reports a check whose kind is not `role`, `rule`, `http` or `https` but looks like one:
`rol:admin`, `ROLE:admin`, `Role:admin`, `rul:admin_api`, `htps://...`. Check kinds are
case-sensitive.

## Why is this bad?
Any kind oslo.policy does not know becomes a generic check that compares
`creds["ROLE"]` (or `creds["rol"]`) with the match. No credential carries such a key,
so the check never matches — silently. Under `not` it always matches instead.

## Example
```yaml policy.yaml
"compute:start": "ROLE:admin or role:member"
```

## Use instead
```yaml policy.yaml
"compute:start": "role:admin or role:member"
```
"""

from policykit.findings import Severity
from policykit.policy.ast import GenericCheck
from policykit.policy.rules._analysis import literal_kind
from policykit.policy.rules._common import with_negation
from policykit.suggest import suggest

CODE = "PL102"
NAME = "misspelt-check-kind"
SEVERITY = Severity.ERROR
SECURITY_SEVERITY = "5.0"

_INTENDED = ("role", "rule", "http", "https")


def intended_kind(kind: str, credentials) -> str | None:
    if kind in credentials or kind.split(".")[0] in credentials:
        return None  # a real credential key (`roles:` is a legitimate generic check)
    try:
        if literal_kind(kind)[0]:
            return None  # `True:...`, `'Member':...` compare literals on purpose
    except Exception:  # noqa: BLE001 - raising kinds are PL104's
        return None
    if kind.lower() in _INTENDED:
        return kind.lower()
    return suggest(kind.lower(), _INTENDED, cutoff=0.75)


def check(context):
    credentials = context.credentials()
    for entry in context.effective_entries():
        if entry.check is None:
            continue
        for node, negations in with_negation(entry.check):
            if type(node) is not GenericCheck:
                continue
            wanted = intended_kind(node.kind, credentials)
            if wanted is None:
                continue
            start, end = (node.span.start, node.span.start + len(node.kind)) if node.span else (None, None)
            effect = "always matches (it is under `not`)" if negations % 2 else "never matches"
            yield context.problem(
                f"`{node}` is a generic check on creds[{node.kind!r}], not a `{wanted}:` check: it {effect}",
                context.value_location(entry, start, end), entry=entry,
                hint=f"did you mean `{wanted}:{node.match}`? (check kinds are case-sensitive)",
            )
