"""URL template substitution exactly as Keystone's SQL catalog does it.

Keystone (``keystone.common.utils.format_url``) replaces ``$(`` with ``%(`` and applies
Python ``%``-formatting against a mapping that only answers the whitelisted names. With
a project scope, ``project_id`` and ``tenant_id`` are the project's id; without one, an
endpoint that needs them is left out quietly. ``user_id`` is the token's user. Any other
failure (an unknown name, ``compute_host`` which is no longer a config option, a stray
``%``) drops the endpoint from every catalog. ``public_endpoint`` renders the value of
``[DEFAULT] public_endpoint`` — the text ``None`` when it is unset, as by default.
"""

from __future__ import annotations

import re

WHITELISTED = ("tenant_id", "project_id", "user_id", "compute_host", "public_endpoint")
PROJECT_KEYS = ("project_id", "tenant_id")
# Config substitutions Keystone removed, with the release that removed them (its release notes).
REMOVED = {
    "compute_port": "8.0.0 (Liberty)",
    "admin_endpoint": "14.0.0 (Rocky)",
    "public_port": "25.0.0 (2024.1)",
    "admin_port": "25.0.0 (2024.1)",
    "public_bind_host": "25.0.0 (2024.1)",
    "admin_bind_host": "25.0.0 (2024.1)",
}

# Every `%` or `$(` sequence in a template: a named placeholder, `%%`, or anything else.
PLACEHOLDER = re.compile(r"[%$]\((?P<name>[^)]*)\)(?P<conv>.?)|%%|%.?|\$\(")


class _Whitelisted:
    def __init__(self, values: dict):
        self._values = values

    def __str__(self) -> str:
        # A bare `%s` renders the substitution object itself, as Keystone's does.
        return "<keystone.common.utils.WhiteListedItemFilter object>"

    __repr__ = __str__

    def __getitem__(self, name):
        if name not in WHITELISTED:
            raise KeyError  # no args: Keystone never treats these as quiet failures
        return self._values[name]


class Dropped(Exception):
    """Keystone leaves this endpoint out of the catalog."""

    def __init__(self, reason: str, quiet: bool):
        super().__init__(reason)
        self.reason = reason
        self.quiet = quiet  # True: left out without an error in Keystone's log


def substitute(url: str, project_id: str | None = None, user_id: str | None = None,
               public_endpoint: str | None = None) -> str:
    """The URL Keystone puts into a token's catalog, or raise :class:`Dropped`."""
    values = {"user_id": user_id, "public_endpoint": public_endpoint}
    if project_id:
        values.update(project_id=project_id, tenant_id=project_id)
    try:
        result = url.replace("$(", "%(") % _Whitelisted(values)
    except KeyError as exc:
        if exc.args and exc.args[0] in PROJECT_KEYS and not project_id:
            raise Dropped("needs a project-scoped token", quiet=True) from None
        name = exc.args[0] if exc.args else None
        raise Dropped(f"unknown key {name!r}" if name else "substitution not on Keystone's whitelist", quiet=False) from None
    except (TypeError, ValueError) as exc:
        raise Dropped(f"malformed template: {exc}", quiet=False) from None
    if not result:
        raise Dropped("empty URL", quiet=True)
    return result


def placeholders(url: str) -> list[str]:
    """The names of the ``$(name)s`` / ``%(name)s`` placeholders in a template."""
    return [m.group("name") for m in PLACEHOLDER.finditer(url) if m.group("name") is not None]


def needs_project(url: str) -> bool:
    return any(name in PROJECT_KEYS for name in placeholders(url))
