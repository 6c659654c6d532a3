"""A section whose prefix PasteDeploy does not know, so nothing can ever find it.

## What it does
Reports sections whose prefix is not one of `app`, `application`, `composite`,
`composit`, `pipeline`, `filter`, `filter-app`, `server` — typos such as `[filters:x]`
or `[pipline:x]`, the wrong case (`[App:x]`, `[default]`), a space before the colon, or
a bare `[app]`/`[main]` without a name — and suggests the nearest valid prefix.

## Why is this bad?
PasteDeploy ignores such a section silently; whatever refers to it then fails with
"No section 'x' found", which points at the reference, not at the misspelt header.
A bare `[app]` is only found for `name=None`, which `loadapp` never passes.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken rootapp

[filters:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = authtoken rootapp

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste.checks import problem
from policykit.paste.document import PREFIX_KINDS, SectionKind
from policykit.suggest import suggest

CODE = "PS105"
NAME = "unknown-section-prefix"
SEVERITY = Severity.WARNING


def _suggest(prefix: str) -> str | None:
    lowered = prefix.strip().lower()
    if lowered in PREFIX_KINDS:
        return lowered
    return suggest(lowered, PREFIX_KINDS)


def check(context):
    for section in context.paste.sections:
        if section.kind is not SectionKind.UNKNOWN:
            continue
        if section.prefix is None:
            if section.header.lower() == "default":
                yield problem(f"[{section.header}] is not the defaults section: it must be spelt [DEFAULT]",
                              section.location, hint="rename it to [DEFAULT]", subject=section.header)
                continue
            suggestion = _suggest(section.header)
            if suggestion:
                message = (f"[{section.header}] has no name: PasteDeploy only finds '{section.header}:NAME' "
                           "sections (a bare section is never loaded)")
                hint = f"write [{suggestion}:main] (loadapp's default name is 'main')"
            else:
                message = f"[{section.header}] is not a PasteDeploy section (no 'prefix:name'); nothing can use it"
                hint = "delete it, or give it a prefix such as [app:NAME] or [filter:NAME]"
            yield problem(message, section.location, hint=hint, subject=section.header)
            continue
        suggestion = _suggest(section.prefix)
        fixed = f"[{suggestion}:{section.name}]" if suggestion else None
        yield problem(
            f"[{section.header}] has the unknown prefix '{section.prefix}': PasteDeploy ignores the section "
                "and every reference to it fails",
            section.location, hint=f"did you mean {fixed}?" if fixed else
            "valid prefixes: app, application, composite, composit, pipeline, filter, filter-app, server",
            subject=section.header)
