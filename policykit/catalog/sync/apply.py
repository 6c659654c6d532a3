"""Carry out a plan against a live Keystone, one request per change, in the plan's order.

Every create looks the object up again first (get-or-create): Keystone has no uniqueness
constraint on services or endpoints, so a blind POST after someone else's change would
leave a duplicate. If the object appeared in the meantime it is patched instead.

The first failed request stops the run: later changes may depend on it (an endpoint on
a service that was not created). The result says what was done, what failed and what
was not attempted; running apply again picks up from the live state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from policykit.catalog.sync.live import KeystoneRequestFailed
from policykit.catalog.sync.plan import CREATE, DELETE, UPDATE, Change, Plan, same_url


@dataclass
class ApplyResult:
    done: list[Change] = field(default_factory=list)
    failed: Change | None = None
    error: str | None = None
    not_done: list[Change] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.failed is None


def apply_plan(adapter, plan: Plan, on_done: Callable[[Change], None] = lambda change: None) -> ApplyResult:
    from keystoneauth1 import exceptions

    result = ApplyResult()
    service_ids: dict[tuple[str, str], str] = {}
    for index, change in enumerate(plan.changes):
        try:
            created_id = _carry_out(adapter, change, service_ids)
        except (exceptions.ClientException, KeystoneRequestFailed) as exc:
            result.failed, result.error = change, _explain(exc)
            result.not_done = list(plan.changes[index + 1 :])
            return result
        if change.kind == "service" and change.action == CREATE and created_id:
            service_ids[change.key] = created_id
        result.done.append(change)
        on_done(change)
    return result


def _carry_out(adapter, change: Change, service_ids: dict[tuple[str, str], str]) -> str | None:
    if change.action == DELETE:
        adapter.delete(f"/{change.kind}s/{change.live_id}")
        return None
    if change.action == UPDATE:
        _patch(adapter, change.kind, change.live_id, {f.field: f.new for f in change.fields})
        return change.live_id
    if change.kind == "region":
        return _create_region(adapter, change)
    if change.kind == "service":
        return _create_service(adapter, change)
    return _create_endpoint(adapter, change, service_ids)


def _patch(adapter, kind: str, live_id: str, attributes: dict) -> None:
    if attributes:
        adapter.patch(f"/{kind}s/{live_id}", json={kind: attributes})


def _create_region(adapter, change: Change) -> str:
    (region_id,) = change.key
    wanted = {f.field: f.new for f in change.fields}
    response = adapter.get(f"/regions/{region_id}", raise_exc=False)
    if response.status_code == 200:
        current = response.json()["region"]
        _patch(adapter, "region", region_id, _differences(current, wanted, exclude={"id"}))
        return region_id
    if response.status_code != 404:
        raise KeystoneRequestFailed(f"GET /regions/{region_id} answered HTTP {response.status_code}")
    return adapter.post("/regions", json={"region": wanted}).json()["region"]["id"]


def _create_service(adapter, change: Change) -> str:
    service_type, name = change.key
    wanted = {f.field: f.new for f in change.fields}
    listed = adapter.get("/services", params={"type": service_type}).json()["services"]
    current = next((s for s in listed if (s.get("name") or "") == name), None)
    if current is not None:
        _patch(adapter, "service", current["id"], _differences(current, wanted, exclude={"type", "name"}))
        return current["id"]
    return adapter.post("/services", json={"service": wanted}).json()["service"]["id"]


def _create_endpoint(adapter, change: Change, service_ids: dict[tuple[str, str], str]) -> str:
    service_id = change.service_id or service_ids.get(change.service_key)
    if service_id is None:
        raise KeystoneRequestFailed(f"the service {change.service_key[0]}/{change.service_key[1]} was not created")
    interface, region_id = change.key
    wanted = {"service_id": service_id, "interface": interface, "region_id": region_id}
    wanted.update({f.field: f.new for f in change.fields})
    params = {"service_id": service_id, "interface": interface}
    if region_id:
        params["region_id"] = region_id
    listed = adapter.get("/endpoints", params=params).json()["endpoints"]
    same_key = [e for e in listed if (e.get("region_id") or None) == region_id]
    current = next((e for e in same_key if same_url(e["url"], wanted["url"])), same_key[0] if same_key else None)
    if current is not None:
        differences = _differences(current, wanted, exclude={"service_id", "interface", "region_id"})
        if "url" in differences and same_url(current["url"], wanted["url"]):
            del differences["url"]
        _patch(adapter, "endpoint", current["id"], differences)
        return current["id"]
    return adapter.post("/endpoints", json={"endpoint": wanted}).json()["endpoint"]["id"]


def _differences(current: dict, wanted: dict, exclude: set[str]) -> dict:
    return {k: v for k, v in wanted.items() if k not in exclude and current.get(k) != v}


def _explain(exc: BaseException) -> str:
    response = getattr(exc, "response", None)
    status = getattr(exc, "http_status", None)
    if response is not None:
        try:
            message = response.json()["error"]["message"]
        except (ValueError, KeyError, TypeError):
            message = None
        if message:
            return f"Keystone answered HTTP {status or response.status_code}: {' '.join(str(message).split())}"
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:297] + "..."
