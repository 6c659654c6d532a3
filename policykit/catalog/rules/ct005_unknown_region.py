"""An endpoint in a region the deployment does not declare.

## What it does
Reports every endpoint whose region is not in `regions` — through a service's
`regions` list or an explicit endpoint — with the closest declared region.

## Why is this bad?
Keystone refuses an endpoint in an unknown region (400). Older clients sent the legacy
`region` field instead, which creates the region on the fly: that is how typo regions
such as `regionOne` next to `RegionOne` got into many clouds, and clients compare
region names exactly.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: compute
    name: nova
    port: 8774
    path: /v2.1
    regions: [regionOne]
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: compute
    name: nova
    port: 8774
    path: /v2.1
    regions: [RegionOne]
```
"""

from policykit.findings import Problem, Severity
from policykit.suggest import suggest

CODE = "CT005"
NAME = "unknown-region"
SEVERITY = Severity.ERROR


def _unknown(what: str, region: str, location, declared: list[str]) -> Problem:
    """One undeclared region, with the declared one it most likely means (case and spaces aside first)."""
    by_lower = {r.lower(): r for r in declared}
    guess = by_lower.get(region.strip().lower()) or suggest(region, declared)
    hint = f"did you mean `{guess}`?" if guess else "declare the region under `regions`"
    return Problem(f"{what}: region `{region}` is not declared", location, hint, subject=region)


def check(context):
    if not context.regions_declared:
        return
    declared = [r.id for r in context.catalog.regions]
    reported = set()
    for endpoint in context.catalog.endpoints:
        if endpoint.region in declared or endpoint.region is None:
            continue
        location = context.endpoint_location(endpoint, "region")
        if (location, endpoint.region) not in reported:
            reported.add((location, endpoint.region))
            yield _unknown(endpoint.service_type, endpoint.region, location, declared)
    if context.deployment is not None:
        # A service limited to an undeclared region has no endpoint there to report above.
        for service in context.deployment.services:
            for index, region in enumerate(service.regions or ()):
                location = service.field_locations.get(f"regions.{index}") or service.field_locations.get(
                    "regions", service.location)
                if region not in declared and (location, region) not in reported:
                    reported.add((location, region))
                    yield _unknown(service.type, region, location, declared)
