"""A `%` or `$(` in an endpoint URL that Keystone cannot substitute.

## What it does
Allows only `$(name)s` and `%(name)s` with name `project_id`, `tenant_id` or `user_id`,
and `%%` for a literal `%`. Reports any other `%` sequence (a percent-encoded `%2F`, a
bare `%s`, the shell-escaped `%\\(project_id\\)s` of the install guides), unknown names,
and `compute_host` / `public_endpoint`, which Keystone still lists but which no longer
work. (Names Keystone removed are CT004.)

## Why is this bad?
Keystone refuses such a URL on create (400); if it reaches the database some other way
(PATCH, `keystone-manage bootstrap`, an old database), the endpoint is silently dropped
from every catalog. `$(compute_host)s` drops the endpoint always; `$(public_endpoint)s`
renders `None` unless `[DEFAULT] public_endpoint` is set; a bare `%s` renders an object
repr.

## Example
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: block-storage
    name: cinder
    port: 8776
    path: /v3/%\\(project_id\\)s
```

## Use instead
```yaml deployment.yaml
version: 1
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - type: block-storage
    name: cinder
    port: 8776
    path: /v3/%(project_id)s
```
"""

from policykit.catalog.substitution import PLACEHOLDER, REMOVED
from policykit.findings import Problem, Severity

CODE = "CT003"
NAME = "invalid-url-substitution"
SEVERITY = Severity.ERROR
ALLOWED = ("project_id", "tenant_id", "user_id")


def problems(url: str) -> list[tuple[str, str]]:
    found = []
    for match in PLACEHOLDER.finditer(url):
        text = match.group(0)
        name = match.group("name")
        if text == "%%":
            continue
        if name is None:
            found.append((f"`{text}` is not a substitution Keystone understands",
                          "write `%%` for a literal %; use $(project_id)s for the project id"))
        elif match.group("conv") != "s":
            found.append((f"`{text}` must end in `)s`", f"write $({name})s"))
        elif name in REMOVED:
            continue  # CT004
        elif name == "compute_host":
            found.append(("`compute_host` is no longer a Keystone option: the endpoint is dropped from every catalog",
                          "write the host name"))
        elif name == "public_endpoint":
            found.append(("`public_endpoint` renders as `None` unless [DEFAULT] public_endpoint is set",
                          "write the URL out"))
        elif name not in ALLOWED:
            found.append((f"`{name}` is not a substitution Keystone allows", "use project_id, tenant_id or user_id"))
    return found


def check(context):
    if not context.templates:
        return
    for endpoint in context.catalog.endpoints:
        for message, hint in problems(endpoint.url):
            yield Problem(f"{endpoint.service_type} {endpoint.interface} URL: {message}",
                          context.endpoint_location(endpoint, "url"), hint, subject=endpoint.service_type)
