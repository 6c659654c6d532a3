"""An endpoint URL Keystone accepts but no client can use.

## What it does
Parses every URL with a real URL parser (placeholders stand in for a value) and reports
a URL longer than 225 characters, a scheme other than `http`/`https`, no host, a port
that is not a number, or white space.

## Why is this bad?
Keystone's own check only wants `something:something`, so it accepts `ftp://…`,
`127.0.0.1:1234/` (no scheme at all) or URLs with spaces; clients then fail in odd
ways. A URL over 225 characters is refused (400).

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: image
    name: glance
    port: 9292
    endpoints:
      - {region: RegionOne, interface: internal, url: "controller:9292"}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: image
    name: glance
    port: 9292
    endpoints:
      - {region: RegionOne, interface: internal, url: "http://controller:9292"}
```
"""

from policykit.catalog.rules._shared import parse
from policykit.findings import Problem, Severity

CODE = "CT002"
NAME = "invalid-url"
SEVERITY = Severity.ERROR
MAX_LENGTH = 225


def problems(url: str) -> list[str]:
    found = []
    if len(url) > MAX_LENGTH:
        found.append(f"is {len(url)} characters long; Keystone stores at most {MAX_LENGTH}")
    if any(ch.isspace() for ch in url):
        found.append("contains white space")
    parsed = parse(url)
    if parsed.scheme not in ("http", "https"):
        found.append(f"has scheme `{parsed.scheme}`, not http or https" if parsed.scheme and "://" in url
                     else "has no http:// or https:// scheme")
    elif not parsed.host:
        found.append("has no host")
    if parsed.port_error:
        found.append("has a port that is not a number from 0 to 65535")
    return found


def check(context):
    for endpoint in context.catalog.endpoints:
        for problem in problems(endpoint.url):
            yield Problem(f"{endpoint.service_type} {endpoint.interface} URL {endpoint.url!r} {problem}",
                          context.endpoint_location(endpoint, "url"),
                          "write a full URL: http(s)://HOST[:PORT][/PATH]", subject=endpoint.service_type)
