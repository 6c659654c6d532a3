"""Region ids that differ only in case or white space, or are empty.

## What it does
Reports region ids (declared or used by endpoints) that collide when compared without
case or surrounding white space (`RegionOne` and `regionOne`), ids with white space at
either end, and empty ids.

## Why is this bad?
Clients compare region names exactly, so `OS_REGION_NAME=RegionOne` does not find the
endpoints in `regionOne`; a database with a case-insensitive collation may also treat
the two as one region while Keystone treats them as two.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
  - id: regionone
    hosts: {public: api2.example.com, internal: controller2}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
  - id: RegionTwo
    hosts: {public: api2.example.com, internal: controller2}
```
"""

from policykit.findings import Problem, Severity

CODE = "CT105"
NAME = "region-spelling"
SEVERITY = Severity.WARNING


def check(context):
    places = [(r.id, context.location(r)) for r in context.catalog.regions]
    places += [(e.region, context.endpoint_location(e, "region")) for e in context.catalog.endpoints if e.region is not None]
    first_spelling = {}
    reported = set()
    for region, location in places:
        if region != region.strip() or not region.strip():
            if (region, "space") not in reported:
                reported.add((region, "space"))
                yield Problem(f"region id {region!r} is empty or has white space at an end", location,
                              "write the region id without spaces", subject=region)
            continue
        folded = region.casefold()
        first = first_spelling.setdefault(folded, region)
        if first != region and (folded, region) not in reported:
            reported.add((folded, region))
            yield Problem(f"region `{region}` differs from `{first}` only in case", location,
                          f"spell it `{first}` everywhere", subject=region)
