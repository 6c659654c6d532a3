"""An endpoint interface other than `public`, `internal` or `admin`.

## What it does
Reports interface names Keystone does not accept: v2 names such as `publicURL`, other
spellings such as `Public` or `private`.

## Why is this bad?
Keystone answers 400 to such an endpoint and the openstack CLI refuses it before sending
anything. Inside a v3 catalog, an endpoint stored as `publicURL` never matches any
client lookup (keystoneauth1 compares interfaces case-sensitively).

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
    endpoints:
      - {region: RegionOne, interface: publicURL, url: "https://api.example.com:8774/v2.1"}
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
    endpoints:
      - {region: RegionOne, interface: public, url: "https://api.example.com:8774/v2.1"}
```
"""

from policykit.catalog.model import INTERFACES
from policykit.findings import Problem, Severity

CODE = "CT001"
NAME = "invalid-interface"
SEVERITY = Severity.ERROR


def suggestion(interface: str) -> str | None:
    text = str(interface).strip()
    if text.endswith("URL"):
        text = text[:-3]
    text = text.lower()
    aliases = {"private": "internal", "internalurl": "internal", "external": "public"}
    text = aliases.get(text, text)
    return text if text in INTERFACES else None


def _finding(what, interface, location):
    guess = suggestion(interface)
    hint = f"write `{guess}`" if guess else "use public, internal or admin"
    return Problem(f"{what}: interface `{interface}` is not public, internal or admin", location,
                   hint, subject=what)


def check(context):
    deployment = context.deployment
    if deployment is not None:
        # Interface lists name interfaces even where no URL could be computed for them.
        for interface in deployment.defaults.interfaces:
            if interface not in INTERFACES:
                yield _finding("defaults", interface, deployment.defaults.field_locations.get(
                    "interfaces", deployment.defaults.location or context.location(None)))
        for service in deployment.services:
            for index, interface in enumerate(service.interfaces or ()):
                if interface not in INTERFACES:
                    location = service.field_locations.get(f"interfaces.{index}")
                    yield _finding(service.type, interface, location or context.service_location(service, "interfaces"))
    for endpoint in context.catalog.endpoints:
        if deployment is not None and not any(e.location == endpoint.location
                                              for s in deployment.services for e in s.endpoints):
            continue  # computed from an interface list, reported above
        if endpoint.interface not in INTERFACES:
            yield _finding(endpoint.service_type, endpoint.interface, context.endpoint_location(endpoint, "interface"))
