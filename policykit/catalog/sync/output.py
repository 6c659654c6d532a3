"""How plans and apply results read: one line per change, text or JSON."""

from __future__ import annotations

import json

from policykit.catalog.sync.apply import ApplyResult
from policykit.catalog.sync.plan import CREATE, DELETE, NOT_DESCRIBED, UPDATE, Change, Plan

SIGNS = {CREATE: "+", UPDATE: "~", DELETE: "-"}
PAST = {CREATE: "created", UPDATE: "updated", DELETE: "deleted"}
NOTHING = "nothing to change"


def _show(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if value != "" else '""'


def describe_change(change: Change) -> str:
    text = f"{change.kind} {change.label}"
    if change.action == CREATE:
        details = [
            f"{f.field}={_show(f.new)}"
            for f in change.fields
            if f.field not in ("id", "type", "name") and not (f.field == "enabled" and f.new is True)
        ]
        return f"{text}  {' '.join(details)}" if details else text
    if change.action == UPDATE:
        return f"{text}  " + ", ".join(f"{f.field}: {_show(f.old)} → {_show(f.new)}" for f in change.fields)
    urls = [f.old for f in change.fields if f.field == "url"]
    return f"{text}  {urls[0]}" if urls else text


HELD = "it would change or remove the identity endpoint this command connects through; --allow-in-use does it"


def plan_text(plan: Plan, identity_url: str) -> str:
    lines = [f"Keystone: {identity_url}"]
    for change in plan.changes:
        lines.append(f"{SIGNS[change.action]} {describe_change(change)}")
    lines += held_lines(plan)
    if plan.empty:
        lines.append(NOTHING)
    else:
        lines.append(
            f"Plan: {plan.count(CREATE)} to create, {plan.count(UPDATE)} to update, {plan.count(DELETE)} to delete."
        )
    lines += kept_lines(plan)
    return "\n".join(lines) + "\n"


def held_lines(plan: Plan) -> list[str]:
    return [f"! not done: {change.action} {describe_change(change)} ({HELD})" for change in plan.held]


def kept_lines(plan: Plan) -> list[str]:
    lines = [f"= kept {k.kind} {k.label}: {k.reason}" for k in plan.kept if k.reason != NOT_DESCRIBED]
    unlisted = sum(1 for k in plan.kept if k.reason == NOT_DESCRIBED)
    if unlisted:
        lines.append(f"{unlisted} live object(s) not in the deployment are left alone; --prune would delete them.")
    return lines


def change_json(change: Change) -> dict:
    entry: dict = {"action": change.action, "kind": change.kind, "label": change.label}
    if change.live_id:
        entry["id"] = change.live_id
    if change.kind == "endpoint" and change.service_key:
        entry["service"] = {"type": change.service_key[0], "name": change.service_key[1]}
    if change.action == CREATE:
        entry["values"] = {f.field: f.new for f in change.fields}
    elif change.action == UPDATE:
        entry["changes"] = {f.field: {"old": f.old, "new": f.new} for f in change.fields}
    else:
        entry["values"] = {f.field: f.old for f in change.fields}
    return entry


def plan_json(plan: Plan, identity_url: str) -> str:
    document = {
        "keystone": identity_url,
        "prune": plan.prune,
        "changes": [change_json(change) for change in plan.changes],
        "held": [change_json(change) for change in plan.held],
        "kept": [{"kind": k.kind, "label": k.label, "id": k.live_id, "reason": k.reason} for k in plan.kept],
        "summary": {action: plan.count(action) for action in (CREATE, UPDATE, DELETE)},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def applied_line(change: Change) -> str:
    return f"{PAST[change.action]} {describe_change(change)}"


def apply_summary(result: ApplyResult) -> str:
    counts = {action: sum(1 for c in result.done if c.action == action) for action in (CREATE, UPDATE, DELETE)}
    done = f"{counts[CREATE]} created, {counts[UPDATE]} updated, {counts[DELETE]} deleted"
    if result.complete:
        return f"Applied: {done}.\n"
    lines = [f"failed: {result.failed.action} {describe_change(result.failed)}: {result.error}"]
    lines += [f"not applied: {c.action} {describe_change(c)}" for c in result.not_done]
    total = len(result.done) + 1 + len(result.not_done)
    lines.append(
        f"Partly applied: {done}; {1 + len(result.not_done)} of {total} change(s) not applied. "
        "Fix the cause and run apply again: it starts from what Keystone now holds."
    )
    return "\n".join(lines) + "\n"
