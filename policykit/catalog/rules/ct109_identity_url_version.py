"""Identity URLs mix versioned and unversioned forms, or name the removed v2.0 API.

## What it does
Reports identity endpoints whose path ends in `/v2.0`, and identity endpoints that are
versioned (`…/v3`) while others are unversioned, or the other way round.

## Why is this bad?
Keystone removed the v2.0 API in Queens. An unversioned URL works only for clients that
do version discovery; without it `GET /projects` answers 404. Many tools have had bugs
with one form or the other (`/v2.0/v3`, doubled versions), so the same cloud should
offer one form on every interface.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: identity
    name: keystone
    port: 5000
    path: /v3
    endpoints:
      - {region: RegionOne, interface: internal, url: "http://controller:5000"}
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: identity
    name: keystone
    port: 5000
    path: /v3
```
"""

import re

from policykit.catalog.rules._shared import url_path
from policykit.findings import Problem, Severity

CODE = "CT109"
NAME = "identity-url-version"
SEVERITY = Severity.WARNING

_VERSIONED = re.compile(r"/v\d+(\.\d+)?/?$")


def check(context):
    identity = [e for e in context.catalog.endpoints if e.service_type == "identity"]
    forms = {}
    for endpoint in identity:
        path = url_path(endpoint.url)
        if re.search(r"/v2\.0/?$", path):
            yield Problem(f"identity {endpoint.interface} URL {endpoint.url} names the v2.0 API, removed in "
                          "Keystone 13 (Queens)", context.endpoint_location(endpoint, "url"),
                          "end the URL in /v3 (or leave the version out)", subject="identity")
            continue
        forms.setdefault("versioned" if _VERSIONED.search(path) else "unversioned", []).append(endpoint)
    if len(forms) == 2:
        minority = min(forms, key=lambda form: (len(forms[form]), form == "versioned"))
        other = "unversioned" if minority == "versioned" else "versioned"
        for endpoint in forms[minority]:
            yield Problem(f"identity {endpoint.interface} URL {endpoint.url} is {minority} while the other "
                          f"identity URLs are {other}", context.endpoint_location(endpoint, "url"),
                          "use one form on every interface (…/v3 is the install-guide form)", subject="identity")
