"""A urlmap key that is not a path, or two keys for the same path.

## What it does
In urlmap composites (`egg:Paste#urlmap`, `paste.urlmap:urlmap_factory`, glance/heat/
cinder `root_app_factory`, nova's urlmap) every key but `not_found_app` is a path
expression: `/path`, or `domain <host> [port <n>] /path`. Reports keys that are not
(an option such as `oslo_config_project` left in the section, a key split at its `:`
such as `http` from `http://example.com/ = api`) — errors — and keys that normalise to
the same path (`/v2` and `/v2/`) — a warning, since the later one silently wins.

## Why is this bad?
Each key's value is loaded as an application first, so a stray option fails with the
misleading "No section 'nova'" (its value); if the value happens to name an app, Paste
then fails with `AssertionError: URL fragments must start with / or http://`.

## Example
```ini glance-api-paste.ini
[composite:glance-api]
paste.composite_factory = glance.api:root_app_factory
/: rootapp
oslo_config_project = glance

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[composite:glance-api]
paste.composite_factory = glance.api:root_app_factory
/: rootapp

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste import composites
from policykit.paste.checks import composite_kind_of, problem
from policykit.paste.composites import CompositeKind
from policykit.paste.document import SectionKind

CODE = "PS120"
NAME = "bad-urlmap-key"
SEVERITY = Severity.ERROR


def check(context):
    paste = context.paste
    for section in paste.sections:
        if section.kind is not SectionKind.COMPOSITE or composite_kind_of(context, section) is not CompositeKind.URLMAP:
            continue
        seen: dict[tuple, object] = {}
        for key in paste.local_keys(section):
            if key.name in ("use", "not_found_app") or key.name.startswith("paste.") or key.is_set or key.is_get:
                continue
            try:
                address = composites.parse_path_expression(key.name)
            except composites.PathExpressionError as exc:
                yield problem(f"urlmap key '{key.name}' in {section.label} is not a path expression: {exc}",
                              key.location, hint="write '/path = app' or 'domain example.com /path = app'",
                              subject=section.header)
                continue
            normal = composites.normalise_address(address)
            if normal is None:
                if key.raw.startswith("//"):
                    message = (f"'{key.name}{key.raw[:0]}:{key.raw}' in {section.label} was split at its first ':' "
                               f"into the key '{key.name}' and the value '{key.raw}'")
                    hint = "write 'domain example.com /path = app' instead of a URL"
                else:
                    message = (f"'{key.name}' in {section.label} is not a path: every key of a urlmap composite is "
                               f"a URL path, so '{key.text}' is loaded as the application for it")
                    hint = "remove the option (options belong in the sections of the filters that read them)"
                yield problem(message, key.location, hint=hint, subject=section.header)
                continue
            if normal in seen:
                first = seen[normal]
                yield problem(f"'{key.name}' and '{first.name}' (line {first.line}) in {section.label} are the "
                                  "same path once normalised; the later one silently wins", key.location,
                              severity=Severity.WARNING, hint="keep one of them", related=[first.location],
                              subject=section.header)
            else:
                seen[normal] = key
