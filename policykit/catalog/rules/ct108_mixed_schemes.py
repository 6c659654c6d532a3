"""Services mix `http` and `https` on the same interface.

## What it does
For each interface, compares the schemes of all endpoint URLs and reports the endpoints
that differ from the scheme most of them use (on the public interface, `https` wins a
tie). When the identity service has an `https` public URL and lists its `config`
(keystone.conf), also reports a configuration with neither `[DEFAULT] public_endpoint`
nor `[oslo_middleware] enable_proxy_headers_parsing = true`.

## Why is this bad?
When the cloud has TLS, a public `http` URL sends passwords and tokens in clear text —
or fails behind a TLS-only load balancer. Mixed schemes usually mean one service was
forgotten when TLS was switched on. (For an https identity endpoint, also set
`[DEFAULT] public_endpoint` or enable proxy-header parsing in Keystone, or its version
documents advertise `http://` links.)

## Example
```yaml deployment.yaml
version: 1
defaults:
  scheme: {public: https, internal: http}
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: compute, name: nova, port: 8774, path: /v2.1}
  - {type: image, name: glance, port: 9292}
  - {type: network, name: neutron, port: 9696, scheme: {public: http}}
```

## Use instead
```yaml deployment.yaml
version: 1
defaults:
  scheme: {public: https, internal: http}
regions:
  - id: RegionOne
    hosts: {public: api.example.com, internal: controller}
services:
  - {type: compute, name: nova, port: 8774, path: /v2.1}
  - {type: image, name: glance, port: 9292}
  - {type: network, name: neutron, port: 9696}
```
"""

import configparser
from collections import Counter

from policykit.catalog.lint import url_source
from policykit.catalog.rules._shared import parse
from policykit.findings import Problem, Severity

CODE = "CT108"
NAME = "mixed-schemes"
SEVERITY = Severity.WARNING


def check(context):
    yield from _identity_config_findings(context)
    by_interface = {}
    for endpoint in context.catalog.endpoints:
        scheme = parse(endpoint.url).scheme
        if scheme in ("http", "https"):
            by_interface.setdefault(endpoint.interface, []).append((endpoint, scheme))
    for interface, entries in by_interface.items():
        counts = Counter(scheme for _, scheme in entries)
        if len(counts) < 2:
            continue
        if counts["https"] == counts["http"]:
            majority = "https" if interface == "public" else "http"
        else:
            majority = counts.most_common(1)[0][0]
        for endpoint, scheme in entries:
            if scheme != majority:
                yield Problem(f"{endpoint.service_type} {interface} URL uses {scheme} while the other "
                              f"{interface} endpoints use {majority}", url_source(context, endpoint, "scheme"),
                              f"use {majority}:// like the other services", subject=endpoint.service_type)


def _advertises_https(config_path) -> bool | None:
    """Whether keystone.conf makes Keystone's version documents use the public https URL (None: unreadable)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    try:
        parser.read(config_path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    public_endpoint = parser.defaults().get("public_endpoint", "").strip()
    proxy = parser.get("oslo_middleware", "enable_proxy_headers_parsing", fallback="false").strip().lower()
    return bool(public_endpoint) or proxy in ("true", "1", "yes", "on")


def _identity_config_findings(context):
    if context.deployment is None:
        return
    https_public = any(e.service_type == "identity" and e.interface == "public" and parse(e.url).scheme == "https"
                       for e in context.catalog.endpoints)
    if not https_public:
        return
    for service in context.deployment.services:
        if service.type == "identity" and service.config is not None and service.config.is_file():
            if _advertises_https(service.config) is False:
                yield Problem(f"identity is public over https, but {service.config.name} sets neither "
                              "[DEFAULT] public_endpoint nor [oslo_middleware] enable_proxy_headers_parsing: "
                              "Keystone's version documents will advertise http:// links",
                              context.service_location(service, "config"),
                              "set [DEFAULT] public_endpoint to the public identity URL, or enable "
                              "proxy-header parsing behind a TLS proxy", subject="identity")
