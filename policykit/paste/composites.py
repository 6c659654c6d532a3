"""What a composite's keys mean: PasteDeploy does not know, the factory does.

A registry from factory to key semantics (read from each factory's source):

* ``urlmap`` — Paste's ``urlmap_factory`` and the OpenStack wrappers that delegate to
  it: ``not_found_app`` names an app, every other key is a path expression whose value
  is an app name, all loaded eagerly in key order;
* ``selector`` — the ``pipeline_factory`` composites of nova, cinder, manila, neutron,
  glance, heat and designate: every key is a selector value (flavor or auth_strategy)
  whose value is a pipeline; only the selected key is loaded;
* anything else is unknown: its keys are not followed.
"""

from __future__ import annotations

import enum
import re

from policykit.paste.document import FactoryScheme, FactorySpec


class CompositeKind(enum.Enum):
    URLMAP = "urlmap"
    SELECTOR = "selector"
    UNKNOWN = "unknown"


URLMAP_FACTORIES = frozenset({
    "paste.urlmap:urlmap_factory",
    "glance.api:root_app_factory",
    "heat.api:root_app_factory",
    "cinder.api:root_app_factory",
    "nova.api.openstack.urlmap:urlmap_factory",
})
# cinder's root_app_factory drops these keys (with a warning) before delegating to urlmap
IGNORED_URLMAP_KEYS = {"cinder.api:root_app_factory": frozenset({"/v1", "/v2"})}
URLMAP_EGGS = frozenset({("paste", "urlmap")})

_SELECTOR = re.compile(r"(^|[.:_])(auth_)?pipeline_factory(_v\d+)?$")


def _normalise_dist(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def composite_kind(spec: FactorySpec | None) -> CompositeKind:
    if spec is None:
        return CompositeKind.UNKNOWN
    if spec.scheme is FactoryScheme.EGG:
        if (_normalise_dist(spec.distribution or ""), spec.entry_point) in URLMAP_EGGS:
            return CompositeKind.URLMAP
        return CompositeKind.UNKNOWN
    dotted = spec.dotted
    if dotted is None:
        return CompositeKind.UNKNOWN
    if dotted in URLMAP_FACTORIES:
        return CompositeKind.URLMAP
    if _SELECTOR.search(dotted):
        return CompositeKind.SELECTOR
    return CompositeKind.UNKNOWN


def ignored_keys(spec: FactorySpec | None) -> frozenset[str]:
    if spec is None or spec.dotted is None:
        return frozenset()
    return IGNORED_URLMAP_KEYS.get(spec.dotted, frozenset())


def is_composite_factory(spec: FactorySpec | None) -> bool:
    """True for factories known to need PasteDeploy's composite protocol (loader first)."""
    return composite_kind(spec) is not CompositeKind.UNKNOWN


# ----------------------------------------------------------------------------- urlmap paths


class PathExpressionError(ValueError):
    """paste.urlmap.parse_path_expression refuses the key (a ValueError in Paste)."""


def parse_path_expression(key: str) -> str:
    """The address Paste's urlmap derives from a key: ``domain h port p /path`` or ``/path``."""
    parts = key.split()
    domain = port = path = None
    while parts:
        word = parts.pop(0)
        if word in ("domain", "port"):
            if not parts:
                raise PathExpressionError(f"'{word}' must be followed by a {'domain name' if word == 'domain' else 'port number'}")
            if (domain if word == "domain" else port) is not None:
                raise PathExpressionError(f"'{word}' given twice")
            if word == "domain":
                domain = parts.pop(0)
            else:
                port = parts.pop(0)
        else:
            if path:
                raise PathExpressionError(f"more than one path given (have {path!r}, got {word!r})")
            path = word
    address = f"http://{domain}" if domain else ""
    if port:
        if not domain:
            raise PathExpressionError("a port needs a domain ('domain example.com port 8080 /')")
        address += ":" + port
    if path:
        address = address + "/" + path if address else path
    return address


_DOMAIN = re.compile(r"^(http|https)://")


def normalise_address(address: str) -> tuple[str | None, str] | None:
    """(domain, path) as URLMap stores it; None when URLMap's assertion would fail."""
    if address and not address.startswith("/") and not _DOMAIN.search(address):
        return None
    domain = None
    match = _DOMAIN.search(address)
    if match:
        rest = address[match.end():]
        if "/" in rest:
            domain, rest = rest.split("/", 1)
            address = "/" + rest
        else:
            domain, address = rest, ""
    return domain, re.sub("//+", "/", address).rstrip("/")
