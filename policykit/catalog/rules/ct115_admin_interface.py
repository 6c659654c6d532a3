"""An `admin` endpoint on a service other than identity.

## What it does
Reports `admin` endpoints of every service type except `identity`.

A service with admin endpoints in several regions is reported once.

## Why is this bad?
Since the v3 APIs nothing distinguishes admin endpoints from the others: they are an
extra URL to keep working and to secure for no use. kolla-ansible and devstack stopped
creating them; clients should use public or internal.

## Example
```yaml deployment.yaml
version: 1
defaults:
  interfaces: [public, internal, admin]
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller, admin: controller}
services:
  - {type: image, name: glance, port: 9292}
```

## Use instead
```yaml deployment.yaml
version: 1
defaults:
  interfaces: [public, internal]
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller, admin: controller}
services:
  - {type: image, name: glance, port: 9292}
```
"""

from policykit.findings import Problem, Severity

CODE = "CT115"
NAME = "admin-interface"
SEVERITY = Severity.WARNING
GROUP_BY = "subject"  # one finding per service, whatever the number of regions


def check(context):
    for endpoint in context.catalog.endpoints:
        if endpoint.interface == "admin" and endpoint.service_type != "identity":
            yield Problem(f"{endpoint.service_type} has an admin endpoint ({endpoint.url}); only identity "
                          "still has a use for one", context.endpoint_location(endpoint, "interface"),
                          "drop `admin` from the service's interfaces", subject=endpoint.service_type)


def grouped(members):
    """The one finding for a service's admin endpoints in every region."""
    service = members[0].subject
    return (f"{service} has {len(members)} admin endpoints (one per region); only identity still has a use for one",
            "drop `admin` from the service's interfaces")
