"""Identity lists of a JSON deployment built straight from the parsed JSON.

A JSON deployment carries no positions (every location is the file itself), and its
identity lists are where a large cloud is large: 100,000 users, 200,000 assignments.
When every item of such a list is a plain record — an object with known keys, each
once, whose values are non-blank strings (``enabled``: true or false) — its model
objects are built here exactly as the reader builds them from source nodes, with one
location and one field-location table per file instead of one per value. Any other
list goes through the reader, which reports what is wrong with it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Callable

from policykit.deployment.model import DEFAULT_DOMAIN_NAME, Assignment, Identity, Project, User, derived_id
from policykit.findings import Location

PROJECT_KEYS = ("name", "id", "domain", "description", "enabled", "parent")
USER_KEYS = ("name", "id", "domain", "description", "enabled", "email", "password_env")
ASSIGNMENT_KEYS = ("user", "role", "project", "domain", "system", "user_domain", "project_domain")


class _Records:
    def __init__(self, location: Location, is_mapping: Callable[[object], bool]):
        self.location = location
        self.is_mapping = is_mapping
        self.tables: dict[tuple, MappingProxyType] = {}

    def plain(self, item, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict | None:
        """The record as a dict when the reader would accept it without a finding, else None."""
        if not self.is_mapping(item):
            return None
        record = dict(item)
        if len(record) != len(item) or any(key not in record for key in required):
            return None
        for key, value in record.items():
            if key not in allowed:
                return None
            if key == "enabled":
                if type(value) is not bool:
                    return None
            elif type(value) is not str or not value.strip():
                return None
        return record

    def field_locations(self, record: dict) -> MappingProxyType:
        keys = tuple(record)
        table = self.tables.get(keys)
        if table is None:
            table = self.tables[keys] = MappingProxyType(dict.fromkeys(keys, self.location))
        return table


def build_records(kind: str, items: list, location: Location, draft: Identity,
                  is_mapping: Callable[[object], bool]) -> tuple | None:
    """``kind`` ("projects", "users", "assignments") built from plain records; None when one is not plain."""
    records = _Records(location, is_mapping)
    built = []
    if kind == "assignments":
        for item in items:
            record = records.plain(item, ASSIGNMENT_KEYS, ("user", "role"))
            if record is None:
                return None
            built.append(Assignment(**record, location=location, field_locations=records.field_locations(record)))
        return tuple(built)
    project = kind == "projects"
    allowed = PROJECT_KEYS if project else USER_KEYS
    owner_kind = "project" if project else "user"
    domains: dict[str, str | None] = {}
    for item in items:
        record = records.plain(item, allowed, ("name",))
        if record is None:
            return None
        name = record["name"]
        domain_ref = record.get("domain") or DEFAULT_DOMAIN_NAME
        if domain_ref in domains:
            domain_id = domains[domain_ref]
        else:
            domain = draft.find_domain(domain_ref)
            domain_id = domains[domain_ref] = domain.id if domain else None
        common = dict(name=name, id=record.get("id") or derived_id(owner_kind, name, domain_id or domain_ref),
                      domain=domain_ref, domain_id=domain_id, description=record.get("description") or "",
                      enabled=record.get("enabled", True), location=location,
                      field_locations=records.field_locations(record))
        built.append(Project(**common, parent=record.get("parent")) if project else User(**common))
    return tuple(built)
