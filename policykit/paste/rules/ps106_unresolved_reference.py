"""A name that no section of the right kind defines.

## What it does
Follows every reference in the file — pipeline items, `use`, `next`, `filter-with`,
urlmap targets, `not_found_app`, every key of a pipeline_factory composite (all flavors
and auth_strategies, not only the selected one), `config:` files — and reports each one
that resolves to nothing. When a section of another kind has the name, it says so
("exists, but as [app:x]").

## Why is this bad?
`loadapp` fails with `LookupError: No section 'x' (prefixed by 'filter') found in config
...`, naming neither the line nor the section kinds that do exist. For a flavor or
auth_strategy that is not selected today the error stays latent until someone switches
to it.

## Example
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = versionnegotiation authtoken rootapp

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```

## Use instead
```ini glance-api-paste.ini
[pipeline:glance-api]
pipeline = versionnegotiation authtoken rootapp

[filter:versionnegotiation]
paste.filter_factory = glance.api.middleware.version_negotiation:VersionNegotiationFilter.factory

[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory

[app:rootapp]
paste.app_factory = glance.api.v2.router:API.factory
```
"""


from policykit.findings import Severity
from policykit.paste import composites
from policykit.paste.checks import composite_kind_of, errors_of, problem, pipeline_values
from policykit.paste.composites import CompositeKind
from policykit.paste.document import SectionKind
from policykit.paste.resolution import ErrorCategory

CODE = "PS106"
NAME = "unresolved-reference"
SEVERITY = Severity.ERROR


def check(context):
    # wrong kinds inside a pipeline are PS107's (last item a filter, an app among the filters)
    in_pipelines = {(loc.line, loc.column) for _, _, _, locations in pipeline_values(context) for loc in locations}
    stray = _stray_urlmap_values(context)  # PS120 explains these: the key is not a path at all
    for error in errors_of(context, ErrorCategory.MISSING_SECTION, ErrorCategory.WRONG_KIND, ErrorCategory.MISSING_FILE):
        if error.location.path == context.path and (error.location.line, error.location.column) in stray:
            continue
        if error.category is ErrorCategory.WRONG_KIND and error.location.path == context.path \
                and (error.location.line, error.location.column) in in_pipelines:
            continue
        related = []
        if error.subject:
            section = context.paste.section(error.subject)
            related = [section.location] if section else []
        yield problem(error.message, error.location, hint=f"PasteDeploy: {error.pastedeploy}",
                      related=related, subject=error.subject)


def _stray_urlmap_values(context) -> set[tuple[int, int]]:
    found = set()
    for section in context.paste.sections:
        if section.kind is not SectionKind.COMPOSITE or composite_kind_of(context, section) is not CompositeKind.URLMAP:
            continue
        for key in context.paste.local_keys(section):
            if key.name in ("use", "not_found_app") or key.name.startswith("paste.") or key.is_set or key.is_get:
                continue
            try:
                bad = composites.normalise_address(composites.parse_path_expression(key.name)) is None
            except composites.PathExpressionError:
                bad = True
            if bad:
                found.add((key.value_line, key.value_column))
    return found
