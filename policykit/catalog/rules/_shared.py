"""Helpers shared by the catalog rules: URL parsing with placeholders, host classes, type registry."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from policykit.catalog.substitution import PLACEHOLDER
from policykit.suggest import suggest

_NEUTRAL = "0"  # what a placeholder stands for when the URL's shape is checked


def neutral(url: str) -> str:
    """The URL with every ``$(name)s`` / ``%(name)s`` replaced, so that it can be parsed."""
    return PLACEHOLDER.sub(lambda m: _NEUTRAL if m.group("name") is not None else m.group(0), url)


@dataclass(frozen=True)
class ParsedUrl:
    scheme: str
    host: str | None
    port_error: bool
    path: str


def parse(url: str) -> ParsedUrl:
    parts = urlsplit(neutral(url))
    try:
        parts.port
        port_error = False
    except ValueError:
        port_error = True
    return ParsedUrl(parts.scheme.lower(), parts.hostname, port_error, parts.path)


def url_path(url: str) -> str:
    """The path part of a template, placeholders kept."""
    match = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", url)
    return url[match.end():] if match else url


def host_class(host: str | None) -> str | None:
    """Why a host cannot be reached from outside, or None when it looks public."""
    if not host:
        return None
    name = host.strip("[]").lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        if name == "localhost" or name.endswith(".localhost"):
            return "loopback"
        if "." not in name:
            return "a short host name only resolvable inside the site"
        if name.endswith((".local", ".localdomain", ".internal", ".lan", ".home.arpa")):
            return "a site-local domain"
        return None
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_private or address.is_reserved or address.is_unspecified:
        return "a private address"
    return None


def registry():
    from policykit.catalog.lint import service_types

    return service_types()


def official_types() -> list[str]:
    return [service["service_type"] for service in registry()._service_types_data["services"]]


def known_type(service_type: str) -> bool:
    """An official type or an alias, spelt exactly (os-service-types itself would also accept `_` for `-`)."""
    return service_type in _known_names()


def all_known_names() -> list[str]:
    return list(_known_names())


@lru_cache(maxsize=1)
def _known_names() -> tuple[str, ...]:
    names = []
    for official in official_types():
        names.extend(registry().get_all_types(official))
    return tuple(names)


_VERSION_SUFFIX = re.compile(r"(v\d+(\.\d+)?|\d+)$")


def intended_type(service_type: str) -> str | None:
    """The official type or alias an unknown type most likely means, or None."""

    candidates = [service_type.lower(), service_type.replace("_", "-"), service_type.lower().replace("_", "-")]
    stripped = _VERSION_SUFFIX.sub("", service_type.lower().replace("_", "-"))
    candidates.append(stripped)
    for candidate in candidates:
        if candidate and candidate != service_type and known_type(candidate):
            return registry().get_service_type(candidate)
    close = suggest(service_type.lower(), all_known_names(), cutoff=0.8)
    return registry().get_service_type(close) if close else None
