"""Credentials and targets for evaluation, built the way services build them.

Credentials carry the keys oslo.context's ``RequestContext.to_policy_values()``
produces (``user_id``, ``user_domain_id``, ``project_id``, ``project_domain_id``,
``domain_id``, ``system_scope``, ``roles``, ``is_admin_project`` and the ``service_*``
keys), whether they come from command-line values or from a Keystone token body
(``{"token": {...}}``, as ``GET /v3/auth/tokens`` returns it). A creds file that is not
a token body is used as it is: it *is* the creds mapping.

Targets are flat: services flatten nested target dicts with dots before enforcing
(keystone's ``flatten_dict``), because ``%(target.project.id)s`` only ever looks up the
literal key ``target.project.id``.
"""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from typing import Any, Iterable, Mapping

from policykit.errors import InputError
from policykit.findings import Location
from policykit.sources import excerpt, load_document, to_python


def policy_values(*, roles: Iterable[str] = (), user_id: str | None = None, user_domain_id: str | None = None,
                  project_id: str | None = None, project_domain_id: str | None = None,
                  domain_id: str | None = None, system_scope: str | None = None,
                  is_admin_project: bool = True) -> dict[str, Any]:
    """The creds dict ``RequestContext(...).to_policy_values()`` gives for these values."""
    return {
        "user_id": user_id,
        "user_domain_id": user_domain_id,
        "system_scope": system_scope,
        "domain_id": domain_id,
        "project_id": project_id,
        "project_domain_id": project_domain_id,
        "roles": list(roles),
        "is_admin_project": is_admin_project,
        "service_user_id": None,
        "service_user_domain_id": None,
        "service_project_id": None,
        "service_project_domain_id": None,
        "service_roles": [],
    }


def _get(mapping: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, Mapping):
            return None
        mapping = mapping.get(key)
    return mapping


def creds_from_token(body: Mapping, where: str = "token") -> dict[str, Any]:
    """Creds for a Keystone v3 token body (``{"token": {...}}``), as keystonemiddleware and
    oslo.context would build them for the request carrying that token."""
    token = body.get("token")
    if not isinstance(token, Mapping):
        raise InputError(f"{where}: 'token' must be an object (a Keystone v3 token body)")
    roles = token.get("roles") or []
    if not isinstance(roles, list) or not all(isinstance(r, Mapping) and isinstance(r.get("name"), str) for r in roles):
        raise InputError(f"{where}: token.roles must be a list of objects with a 'name'")
    system = token.get("system")
    return policy_values(
        roles=[role["name"] for role in roles],
        user_id=_get(token, "user", "id"),
        user_domain_id=_get(token, "user", "domain", "id"),
        project_id=_get(token, "project", "id"),
        project_domain_id=_get(token, "project", "domain", "id"),
        domain_id=_get(token, "domain", "id"),
        system_scope="all" if isinstance(system, Mapping) and system.get("all") else None,
        is_admin_project=bool(token.get("is_admin_project", True)),
    )


def _read_mapping(path: str, what: str) -> dict:
    document = load_document(path, f"{what} file")
    document.refuse_expansion(path)
    value = to_python(document.root)
    if not isinstance(value, dict):
        location = document.location(document.root) if document.root is not None else Location(path)
        got = "an empty file" if document.root is None else type(value).__name__
        raise InputError(f"a {what} file holds one JSON/YAML object (a mapping), not {got}", location)
    return value


def read_token_body(path: str) -> dict:
    """The mapping of a creds file as it is (a token body keeps every field, for services that read them)."""
    return _read_mapping(path, "creds")


def load_creds_file(path: str) -> dict[str, Any]:
    """A creds mapping from JSON/YAML, or the creds of a Keystone token body in it."""
    return read_creds_file(path)[0]


def read_creds_file(path: str) -> tuple[dict[str, Any], str, list[str]]:
    """(creds, what the file held: "token" or "creds", warnings about it).

    A Keystone v2 token body (``{"access": ...}``) is refused: services take v3 tokens
    only, and its tenant/roles would otherwise be read as unknown creds keys. An
    unscoped v3 token is read with a warning: the services reject it."""
    data = _read_mapping(path, "creds")
    if isinstance(data.get("token"), Mapping):
        creds = creds_from_token(data, path)
        warnings = []
        if not (creds["project_id"] or creds["domain_id"] or creds["system_scope"]):
            warnings.append(f"{path}: an unscoped token (no project, domain or system): the services refuse "
                            "it (keystonemiddleware passes it, but no API accepts a request without a scope)")
        return creds, "token", warnings
    if isinstance(data.get("access"), Mapping):
        raise InputError(f"{path}: a Keystone v2 token body ('access'); the services read v3 tokens only",
                         hint="fetch a v3 token (GET /v3/auth/tokens) or write the creds mapping itself "
                              "(user_id, project_id, roles: [...])")
    return data, "creds", []


def flatten_target(target: Mapping, parent_key: str = "") -> dict[str, Any]:
    """Nested mappings joined with dots, exactly as keystone's ``flatten_dict`` does."""
    items: dict[str, Any] = {}
    for key, value in target.items():
        new_key = f"{parent_key}.{key}" if parent_key else key
        if isinstance(value, MutableMapping):
            items.update(flatten_target(value, new_key))
        else:
            items[new_key] = value
    return items


def load_target_file(path: str) -> dict[str, Any]:
    return flatten_target(_read_mapping(path, "target"))


def parse_target_pairs(pairs: Iterable[str]) -> dict[str, Any]:
    """``key=value`` (a string) or ``key:=JSON`` (a typed value: ``enabled:=true``, ``project_id:=null``)."""
    target: dict[str, Any] = {}
    for pair in pairs:
        typed = ":=" in pair and ("=" not in pair.split(":=", 1)[0])
        if typed:
            key, _, raw = pair.partition(":=")
            try:
                value = json.loads(raw)
            except ValueError as exc:  # JSONDecodeError, or an integer longer than Python reads (4300 digits)
                message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc).split(";")[0]
                raise InputError(f"--target {excerpt(key)}: the value after ':=' must be JSON ({message})",
                                 hint='use key=value for a string, key:=true / key:=5 / key:=null for typed values') from None
        else:
            key, sep, value = pair.partition("=")
            if not sep:
                raise InputError(f"--target {excerpt(pair)}: expected key=value (or key:=JSON)",
                                 hint="for example --target project_id=p1")
        if not key:
            raise InputError(f"--target {excerpt(pair)}: the key is empty", hint="for example --target project_id=p1")
        target[key] = value
    return target
