"""A file given to `policykit lint` that is not a policy, paste, deployment or catalog file.

## What it does
Reports a file named on the command line that policykit cannot tell the kind of, so
it was not linted. Policy files end in `.json`, `.yaml` or `.yml`; a deployment is a
YAML mapping with `version` and `services`, `regions` or `identity`; paste files end
in `.ini` (or are swift's `proxy-server.conf`); a catalog body is a JSON token
(`{"token": ...}`), auth catalog (`{"catalog": [...]}`) or v2 access body; a directory
whose name ends in `.d` is a policy directory.

## Why is this bad?
A check that silently skips a file looks exactly like a check that passed. A service
configuration file (`nova.conf`) is linted through the deployment that lists it, as
the `config` of the service's paste file, or with `--config` beside a paste file.

## Example
```text notes.txt
compute:start is admin only
```

## Use instead
```yaml policy.yaml
"compute:start": "role:admin"
```
"""

from policykit.findings import Location, Problem, Severity

CODE = "PK002"
NAME = "unknown-file-kind"
SEVERITY = Severity.WARNING


def check(context):
    """``context.unknown_files``: paths named on the command line of no known kind."""
    for path in context.unknown_files:
        yield Problem(
            message=f"not linted: {path} is not a policy, paste, deployment or catalog file",
            location=Location(path),
            hint="pass policy .json/.yaml files, policy.d directories, paste .ini files or a deployment.yaml",
        )
