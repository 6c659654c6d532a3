"""Compare the desired catalog with a live one: the list of changes that would make them agree.

A pure function of its inputs; nothing here talks to Keystone.

Matching:

* regions by id;
* services by (type, name). When a type has exactly one unmatched desired service and
  exactly one unmatched live service, they are the same service under a new name (an
  update of ``name``), not a second service of that type;
* endpoints by (service, interface, region). Where Keystone holds several for one key
  (it has no uniqueness constraint), the one whose URL already matches is kept and the
  others count as not in the deployment.

What is compared: URLs (``$(x)s`` and ``%(x)s`` are the same template to Keystone),
``enabled`` of services and endpoints, and descriptions and region parents only where
the deployment gives one — an empty description or a missing parent leaves the live
value alone rather than erasing it.

Live objects the deployment does not describe are deleted only with ``prune``. Whatever
would change or remove the identity endpoint this connection goes through (its URL, its
deletion, the deletion of its service or region) is held back unless its id is left out
of ``protected_endpoint_ids``: an operator who asked for a plan should not lose the way
to Keystone because a deployment file spelled its URL differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykit.catalog.model import CatalogSpec, EndpointSpec, RegionSpec, ServiceSpec
from policykit.catalog.sync.live import LiveCatalog, LiveEndpoint, LiveRegion, LiveService
from policykit.errors import InputError

CREATE, UPDATE, DELETE = "create", "update", "delete"
NOT_DESCRIBED = "not in the deployment (--prune deletes it)"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class Change:
    action: str  # create | update | delete
    kind: str  # region | service | endpoint
    label: str
    fields: tuple[FieldChange, ...] = ()
    live_id: str | None = None  # the live object updated or deleted
    # Endpoints: the desired service (type, name), and its live id once it exists.
    service_key: tuple[str, str] | None = None
    service_id: str | None = None
    # Creates: the key identifying the object, to look it up again before creating it.
    key: tuple = ()

    def value(self, name: str, default=None):
        return next((f.new for f in self.fields if f.field == name), default)


@dataclass(frozen=True)
class Kept:
    """A live object the deployment does not describe, left in place."""

    kind: str
    label: str
    live_id: str
    reason: str


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...] = ()
    kept: tuple[Kept, ...] = ()
    prune: bool = False
    held: tuple[Change, ...] = ()

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    @property
    def empty(self) -> bool:
        return not self.changes


def service_label(service_type: str, name: str) -> str:
    return f"{service_type}/{name}" if name else f"{service_type} (no name)"


def endpoint_label(service_type: str, service_name: str, interface: str, region: str | None) -> str:
    return f"{service_label(service_type, service_name)} {interface} {region or '(no region)'}"


def same_url(a: str, b: str) -> bool:
    # keystone.common.utils.format_url turns "$(" into "%(" before substituting.
    return a.replace("$(", "%(") == b.replace("$(", "%(")


def plan_changes(
    desired: CatalogSpec,
    live: LiveCatalog,
    *,
    prune: bool = False,
    protected_endpoint_ids: frozenset[str] = frozenset(),
) -> Plan:
    """The changes that make ``live`` match ``desired``.

    Changes to the endpoints in ``protected_endpoint_ids`` (the one this connection goes
    through), and deletions of their service or region, are not in ``changes`` but in
    ``held``: carrying them out could cut the connection halfway through.
    """
    _reject_duplicates(desired)
    region_changes = _plan_regions(_desired_regions(desired), live.regions)
    service_match, service_changes = _plan_services(desired.services, live)
    claimed, endpoint_changes = _plan_endpoints(desired.endpoints, live, service_match, protected_endpoint_ids)
    deletions, kept = _leftovers(desired, live, service_match, claimed, prune)
    changes = region_changes + service_changes + endpoint_changes + deletions
    held = _held_back(changes, live, protected_endpoint_ids)
    return Plan(
        tuple(c for i, c in enumerate(changes) if i not in held),
        tuple(kept),
        prune,
        tuple(c for i, c in enumerate(changes) if i in held),
    )


def _reject_duplicates(desired: CatalogSpec) -> None:
    seen: dict[tuple, EndpointSpec] = {}
    for endpoint in desired.endpoints:
        if endpoint.key in seen:
            label = endpoint_label(*endpoint.key)
            raise InputError(
                f"the deployment describes the endpoint {label} twice; Keystone would hold two",
                endpoint.location,
            )
        seen[endpoint.key] = endpoint


def _desired_regions(desired: CatalogSpec) -> list[RegionSpec]:
    regions = list(desired.regions)
    known = {region.id for region in regions}
    for endpoint in desired.endpoints:  # an endpoint cannot be created in a missing region
        if endpoint.region and endpoint.region not in known:
            regions.append(RegionSpec(endpoint.region))
            known.add(endpoint.region)
    return regions


def _plan_regions(desired: list[RegionSpec], live: tuple[LiveRegion, ...]) -> list[Change]:
    live_by_id = {region.id: region for region in live}
    creates, updates = [], []
    for region in _parents_first(desired):
        current = live_by_id.get(region.id)
        if current is None:
            fields = [FieldChange("id", None, region.id)]
            if region.description:
                fields.append(FieldChange("description", None, region.description))
            if region.parent:
                fields.append(FieldChange("parent_region_id", None, region.parent))
            creates.append(Change(CREATE, "region", region.id, tuple(fields), key=(region.id,)))
            continue
        fields = []
        if region.description and region.description != current.description:
            fields.append(FieldChange("description", current.description, region.description))
        if region.parent and region.parent != current.parent_region_id:
            fields.append(FieldChange("parent_region_id", current.parent_region_id, region.parent))
        if fields:
            updates.append(Change(UPDATE, "region", region.id, tuple(fields), live_id=current.id))
    return creates + updates


def _parents_first(regions: list[RegionSpec]) -> list[RegionSpec]:
    by_id = {region.id: region for region in regions}
    ordered: list[RegionSpec] = []
    placed: set[str] = set()

    def place(region: RegionSpec, path: frozenset[str]) -> None:
        if region.id in placed or region.id in path:
            return  # a parent cycle is the linter's business; keep the given order
        parent = by_id.get(region.parent or "")
        if parent is not None:
            place(parent, path | {region.id})
        placed.add(region.id)
        ordered.append(region)

    for region in regions:
        place(region, frozenset())
    return ordered


def _plan_services(
    desired: tuple[ServiceSpec, ...], live: LiveCatalog
) -> tuple[dict[tuple[str, str], LiveService | None], list[Change]]:
    endpoint_count = {service.id: 0 for service in live.services}
    for endpoint in live.endpoints:
        endpoint_count[endpoint.service_id] = endpoint_count.get(endpoint.service_id, 0) + 1
    claimed: set[str] = set()
    match: dict[tuple[str, str], LiveService | None] = {}
    for spec in desired:
        exact = [s for s in live.services if (s.type, s.name) == (spec.type, spec.name) and s.id not in claimed]
        # With duplicates, the one carrying the most endpoints is the one clients use.
        best = max(exact, key=lambda s: endpoint_count[s.id], default=None)
        match[(spec.type, spec.name)] = best
        if best is not None:
            claimed.add(best.id)
    for spec in desired:
        if match[(spec.type, spec.name)] is not None:
            continue
        unmatched_desired = [d for d in desired if d.type == spec.type and match[(d.type, d.name)] is None]
        unclaimed_live = [s for s in live.services if s.type == spec.type and s.id not in claimed]
        if len(unmatched_desired) == 1 and len(unclaimed_live) == 1:
            match[(spec.type, spec.name)] = unclaimed_live[0]
            claimed.add(unclaimed_live[0].id)

    changes = []
    for spec in desired:
        current = match[(spec.type, spec.name)]
        label = service_label(spec.type, spec.name)
        if current is None:
            fields = [FieldChange("type", None, spec.type), FieldChange("name", None, spec.name)]
            if spec.description:
                fields.append(FieldChange("description", None, spec.description))
            fields.append(FieldChange("enabled", None, spec.enabled))
            changes.append(Change(CREATE, "service", label, tuple(fields), key=(spec.type, spec.name)))
            continue
        fields = []
        if spec.name != current.name:
            fields.append(FieldChange("name", current.name, spec.name))
        if spec.description and spec.description != current.description:
            fields.append(FieldChange("description", current.description, spec.description))
        if spec.enabled != current.enabled:
            fields.append(FieldChange("enabled", current.enabled, spec.enabled))
        if fields:
            changes.append(Change(UPDATE, "service", label, tuple(fields), live_id=current.id))
    return match, changes


def _plan_endpoints(
    desired: tuple[EndpointSpec, ...],
    live: LiveCatalog,
    service_match: dict[tuple[str, str], LiveService | None],
    protected: frozenset[str],
) -> tuple[set[str], list[Change]]:
    claimed: set[str] = set()
    creates, updates, last = [], [], []
    for spec in desired:
        service = service_match.get((spec.service_type, spec.service_name))
        label = endpoint_label(*spec.key)
        service_key = (spec.service_type, spec.service_name)
        candidates = [] if service is None else _live_endpoints_for(live, service.id, spec, claimed)
        if not candidates:
            fields = [FieldChange("url", None, spec.url), FieldChange("enabled", None, spec.enabled)]
            creates.append(
                Change(
                    CREATE,
                    "endpoint",
                    label,
                    tuple(fields),
                    service_key=service_key,
                    service_id=service.id if service else None,
                    key=(spec.interface, spec.region or None),
                )
            )
            continue
        current = next((e for e in candidates if same_url(e.url, spec.url)), candidates[0])
        claimed.add(current.id)
        fields = []
        if not same_url(current.url, spec.url):
            fields.append(FieldChange("url", current.url, spec.url))
        if spec.enabled != current.enabled:
            fields.append(FieldChange("enabled", current.enabled, spec.enabled))
        if fields:
            change = Change(
                UPDATE, "endpoint", label, tuple(fields), live_id=current.id, service_key=service_key,
                service_id=service.id,
            )
            # Change the endpoint this connection goes through after everything else.
            (last if current.id in protected else updates).append(change)
    return claimed, creates + updates + last


def _live_endpoints_for(
    live: LiveCatalog, service_id: str, spec: EndpointSpec, claimed: set[str]
) -> list[LiveEndpoint]:
    return [
        e
        for e in live.endpoints
        if e.service_id == service_id
        and e.interface == spec.interface
        and (e.region_id or None) == (spec.region or None)
        and e.id not in claimed
    ]


def _leftovers(
    desired: CatalogSpec,
    live: LiveCatalog,
    service_match: dict[tuple[str, str], LiveService | None],
    claimed_endpoints: set[str],
    prune: bool,
) -> tuple[list[Change], list[Kept]]:
    matched_services = {s.id for s in service_match.values() if s is not None}
    desired_regions = {r.id for r in _desired_regions(desired)}
    extra_endpoints = [e for e in live.endpoints if e.id not in claimed_endpoints]
    extra_services = [s for s in live.services if s.id not in matched_services]
    extra_regions = [r for r in live.regions if r.id not in desired_regions]
    # Keystone refuses to delete a region that still has child regions.
    needed_parents = _with_ancestors(desired_regions, live.regions) - desired_regions

    deletions: list[Change] = []
    kept: list[Kept] = []
    for endpoint in extra_endpoints:
        service = live.service(endpoint.service_id)
        service_type, name = (service.type, service.name) if service else ("?", endpoint.service_id)
        label = endpoint_label(service_type, name, endpoint.interface, endpoint.region_id)
        if prune:
            fields = (FieldChange("url", endpoint.url, None),)
            deletions.append(
                Change(DELETE, "endpoint", label, fields, live_id=endpoint.id, service_id=endpoint.service_id)
            )
        else:
            kept.append(Kept("endpoint", f"{label} {endpoint.url}", endpoint.id, NOT_DESCRIBED))
    for service in extra_services:
        label = service_label(service.type, service.name)
        if prune:
            deletions.append(Change(DELETE, "service", label, live_id=service.id))
        else:
            kept.append(Kept("service", label, service.id, NOT_DESCRIBED))
    for region in _children_first(extra_regions, live.regions):
        if region.id in needed_parents:
            kept.append(Kept("region", region.id, region.id, "parent of a region in the deployment"))
        elif prune:
            deletions.append(Change(DELETE, "region", region.id, live_id=region.id))
        else:
            kept.append(Kept("region", region.id, region.id, NOT_DESCRIBED))
    return deletions, kept


def _held_back(changes: list[Change], live: LiveCatalog, protected: frozenset[str]) -> set[int]:
    """Indexes of the changes that would alter or remove the endpoint this connection uses."""
    in_use = [e for e in live.endpoints if e.id in protected]
    services = {e.service_id for e in in_use}
    regions = _with_ancestors({e.region_id for e in in_use if e.region_id}, live.regions)
    held = set()
    for index, change in enumerate(changes):
        if change.kind == "endpoint" and change.live_id in protected:
            held.add(index)
        elif change.action == DELETE and change.kind == "service" and change.live_id in services:
            held.add(index)  # deleting a service deletes its endpoints
        elif change.action == DELETE and change.kind == "region" and change.live_id in regions:
            held.add(index)
    return held


def _with_ancestors(region_ids: set[str], regions: tuple[LiveRegion, ...]) -> set[str]:
    parent_of = {r.id: r.parent_region_id for r in regions}
    result = set()
    for region_id in region_ids:
        current: str | None = region_id
        while current and current not in result:
            result.add(current)
            current = parent_of.get(current)
    return result


def _children_first(extra: list[LiveRegion], regions: tuple[LiveRegion, ...]) -> list[LiveRegion]:
    parent_of = {r.id: r.parent_region_id for r in regions}

    def depth(region: LiveRegion) -> int:
        seen, current, level = set(), region.parent_region_id, 0
        while current and current not in seen:
            seen.add(current)
            current, level = parent_of.get(current), level + 1
        return level

    return sorted(extra, key=depth, reverse=True)
