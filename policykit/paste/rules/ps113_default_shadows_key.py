"""A key that [DEFAULT] also defines: PasteDeploy drops the section's value.

## What it does
Reports every section key whose name is also a [DEFAULT] key (or `here`/`__file__`).
It is an error when the dropped key decides loading — `pipeline`, `use`, a factory key,
`next`, `filter-with`, a urlmap path or a flavor/auth_strategy key — and a warning
otherwise.

## Why is this bad?
PasteDeploy gives [DEFAULT] precedence: the section's own value never reaches the
factory (the global one does), and nothing says so. A `[DEFAULT] pipeline` key makes
every `[pipeline:]` fail with "missing a 'pipeline' setting"; a `[DEFAULT] keystone`
key hides the `keystone` key of every pipeline_factory composite (`KeyError`). The way
to override a global per section is `set NAME = value`.

## Example
```ini glance-api-paste.ini
[DEFAULT]
debug = true

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
debug = false
```

## Use instead
```ini glance-api-paste.ini
[DEFAULT]
debug = true

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
set debug = false
```
"""


from policykit.findings import Severity
from policykit.paste.checks import composite_kind_of, problem
from policykit.paste.composites import CompositeKind
from policykit.paste.document import SectionKind

CODE = "PS113"
NAME = "default-shadows-key"
SEVERITY = Severity.WARNING
_DECISIVE = ("pipeline", "use", "next", "filter-with")


def check(context):
    paste = context.paste
    defaults = {k.name: k for k in paste.defaults.keys}
    for section in paste.sections:
        for key in paste.shadowed_keys(section):
            decisive = key.name in _DECISIVE or (key.name.startswith("paste.") and key.name.endswith("_factory"))
            if section.kind is SectionKind.COMPOSITE and composite_kind_of(context, section) is not CompositeKind.UNKNOWN:
                decisive = True
            origin = defaults.get(key.name)
            where = f"[DEFAULT] (line {origin.line})" if origin else f"the built-in '{key.name}'"
            yield problem(
                f"'{key.name}' in {section.label} is ignored: {where} defines it too, and PasteDeploy "
                    "drops section keys that [DEFAULT] has",
                key.location, severity=Severity.ERROR if decisive else Severity.WARNING,
                hint=f"rename or remove the [DEFAULT] key, or write 'set {key.name} = ...' to override it here",
                related=[origin.location if origin else None], subject=section.header)
