"""An endpoint URL that ends in `/` or has `//` in its path.

## What it does
Reports URLs that end in `/` (`http://h:9696/` included) and paths with an empty
segment (`//`).

## Why is this bad?
keystoneauth1 copes, but other SDKs and tools have built request URLs such as
`…/v2.0//networks` from them and failed; one spelling per cloud also keeps catalog
comparisons honest.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: network, name: neutron, port: 9696, path: /}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: network, name: neutron, port: 9696}
```
"""

from policykit.catalog.rules._shared import url_path
from policykit.findings import Problem, Severity

CODE = "CT111"
NAME = "trailing-slash"
SEVERITY = Severity.WARNING


def check(context):
    for endpoint in context.catalog.endpoints:
        path = url_path(endpoint.url)
        if "//" in path:
            why, hint = "has `//` in its path", "remove the empty path segment"
        elif path.endswith("/"):
            why, hint = "ends in `/`", "remove the trailing slash"
        else:
            continue
        yield Problem(f"{endpoint.service_type} {endpoint.interface} URL {endpoint.url} {why}",
                      context.endpoint_location(endpoint, "url"), hint, subject=endpoint.service_type)
