"""A public endpoint on a host outside users cannot reach.

## What it does
Reports `public` endpoints whose host is loopback (`localhost`, `127.0.0.1`, `::1`),
link-local, a private (RFC 1918 / ULA) address, a bare short host name such as
`controller`, or a name in a site-local domain (`.local`, `.internal`, `.lan`).

## Why is this bad?
The public interface is what users and their tools reach from outside; they cannot
resolve or route to such a host. Keystone's own examples use `localhost`, which is how
these URLs end up in production catalogs.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: controller, internal: controller}
services:
  - {type: image, name: glance, port: 9292}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: image, name: glance, port: 9292}
```
"""

from policykit.catalog.lint import url_source
from policykit.catalog.rules._shared import host_class, parse
from policykit.findings import Problem, Severity

CODE = "CT107"
NAME = "public-url-not-public"
SEVERITY = Severity.WARNING


def check(context):
    for endpoint in context.catalog.endpoints:
        if endpoint.interface != "public":
            continue
        host = parse(endpoint.url).host
        why = host_class(host)
        if why:
            yield Problem(f"{endpoint.service_type} public URL {endpoint.url} points at {host}, {why}",
                          url_source(context, endpoint, "host"),
                          "use the name users reach the cloud by (region hosts.public)", subject=endpoint.service_type)
