"""An endpoint path that does not follow its service type's convention.

## What it does
Checks the URL path against what each API expects (a prefix before it is fine, as in
path-routed clouds such as `/compute/v2.1`):

| type | path ends in |
|---|---|
| compute | `/v2.1` (optionally `/$(project_id)s`) |
| block-storage, volumev3 | `/v3` (optionally `/$(project_id)s`) |
| object-store | `/v1` or `/v1/AUTH_$(project_id)s` |
| orchestration | `/v1/$(project_id)s` (or `%(tenant_id)s`) |
| image, network, placement | no version: clients add it |

## Why is this bad?
A version in the wrong place, or a missing project id where the API wants one, gives
404 on every call — or doubled versions such as `/v2.0/v2.0` when the client adds its
own.

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
    path: /v2
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
```
"""

import re

from policykit.catalog.rules._shared import url_path
from policykit.findings import Problem, Severity

CODE = "CT110"
NAME = "path-convention"
SEVERITY = Severity.WARNING

_TEMPLATE = r"[$%]\((?:project_id|tenant_id)\)s"
_RULES = {
    "compute": (r"/v2\.1(/{project})?$", "end in /v2.1"),
    "block-storage": (r"/v3(/{project})?$", "end in /v3 (or /v3/$(project_id)s)"),
    "volumev3": (r"/v3(/{project})?$", "end in /v3 (or /v3/$(project_id)s)"),
    "object-store": (r"/v1(/AUTH_.+)?$", "end in /v1/AUTH_$(project_id)s (or /v1)"),
    "orchestration": (r"/v1/{project}$", "end in /v1/$(project_id)s"),
}
_UNVERSIONED = ("image", "network", "placement")
_VERSION_AT_END = re.compile(r"/v\d+(\.\d+)?$")


def problem(service_type: str, url: str, templates: bool = True) -> str | None:
    """Why the URL's path breaks the convention; ``templates`` False: the project id is already filled in."""
    path = url_path(url).rstrip("/")
    if service_type in _RULES:
        pattern, wanted = _RULES[service_type]
        if not re.search(pattern.replace("{project}", _TEMPLATE if templates else "[^/]+"), path):
            return f"should {wanted}"
    elif service_type in _UNVERSIONED and _VERSION_AT_END.search(path):
        return "should carry no version (clients add it)"
    return None


def check(context):
    for endpoint in context.catalog.endpoints:
        why = problem(endpoint.service_type, endpoint.url, context.templates)
        if why:
            path = url_path(endpoint.url) or "(empty)"
            yield Problem(f"{endpoint.service_type} {endpoint.interface} URL path {path} {why}",
                          context.endpoint_location(endpoint, "url"),
                          "fix the path; clients build request URLs on it", subject=endpoint.service_type)
