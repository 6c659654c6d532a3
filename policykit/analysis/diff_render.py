"""Views of a diff: text, Markdown, CSV, and SARIF / GitHub annotations on the changed rule's line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from policykit.analysis.diff import ERROR, GAIN, LOSS, ActionDiff, Diff
from policykit.findings import Finding, Location, Severity

SIGN = {GAIN: "+", LOSS: "-", ERROR: "!"}
WORD = {GAIN: "gains", LOSS: "loses", ERROR: "cannot be decided"}


def _flags(state: dict) -> str:
    return f"enforce_new_defaults={str(state['enforce_new_defaults']).lower()}"


def _where(origin: dict) -> str:
    return f"  [{origin['location']}]" if origin.get("location") else ""


def _rule_text(origin: dict) -> str:
    if not origin["text"] and origin["source"] == "none":
        return "(no rule and no default rule: denied)"
    via = f" (via {origin['via']})" if origin.get("via") else ""
    return (origin["text"] or '""') + via


def _grouped(entry: ActionDiff) -> list[tuple[str, str, str, list]]:
    """Changes of one action grouped by persona class and kind: (kind, persona, count text, changes)."""
    groups: dict[tuple, list] = {}
    for change in entry.changes:
        groups.setdefault((change.kind, change.persona), []).append(change)
    return [(kind, persona, f"{changes[0].personas} personas" if changes[0].personas > 1 else "", changes)
            for (kind, persona), changes in groups.items()]


def render_text(diff: Diff) -> str:
    data = diff.to_dict()
    old, new = data["old"], data["new"]
    lines = [f"old: {', '.join(old['sources']) or old['label']}  ({_flags(old)})",
             f"new: {', '.join(new['sources']) or new['label']}  ({_flags(new)})"]
    for side, state in (("old", old), ("new", new)):
        lines += [f"warning: {side}: {w}" for w in state["warnings"]]
    lines.append(f"personas: {data['personas']} in {len(data['columns'])} classes; targets: own, other project "
                 "(same domain), other domain")
    for entry in diff.changed:
        lines.append("")
        tag = f" (renamed from {entry.old_name})" if entry.old_name else \
            "" if entry.status in ("changed", "same") else f" ({entry.status})"
        lines.append(f"{entry.action}{tag}")
        before, after = entry.old.to_dict(), entry.new.to_dict()
        if entry.rule_changed:
            lines.append(f"  before: {_rule_text(before)}{_where(before)}")
            lines.append(f"  after:  {_rule_text(after)}{_where(after)}")
            if entry.old_scope != entry.new_scope:
                lines.append(f"  scope types: {_scope(entry.old_scope)} → {_scope(entry.new_scope)}")
        else:
            lines.append(f"  rule: {_rule_text(after)}{_where(after)}")
        if not entry.changes:
            lines.append("  no persona's access changes")
        for kind, persona, count, changes in _grouped(entry):
            relations = ", ".join(c.relation for c in changes)
            who = f"{persona} ({count})" if count else persona
            first = changes[0]
            lines.append(f"  {SIGN[kind]} {who} {WORD[kind]} {relations}: {first.before} → {first.after}")
            lines.append(f"      was: {first.branch_before}")
            lines.append(f"      now: {first.branch_after}")
        if entry.symbolic is not None:
            lines.append(f"  symbolic: {entry.symbolic.get('status')} {entry.symbolic.get('summary', '')}".rstrip())
    summary = data["summary"]
    lines.append("")
    lines.append(f"{summary['gains']} gains, {summary['losses']} losses, {summary['errors']} undecidable, over "
                 f"{summary['actions']} actions ({summary['rule_changed']} with a different rule)")
    return "\n".join(lines) + "\n"


def _scope(scope) -> str:
    return ", ".join(scope) if scope else "any"


def render_markdown(diff: Diff) -> str:
    data = diff.to_dict()
    lines = ["| action | persona | targets | before | after | rule before | rule after |", "|---|---|---|---|---|---|---|"]
    for entry in diff.changed:
        before, after = entry.old.to_dict(), entry.new.to_dict()
        for kind, persona, count, changes in _grouped(entry) or [("", "—", "", [])]:
            relations = ", ".join(c.relation for c in changes)
            first = changes[0] if changes else None
            lines.append(" | ".join([
                f"| `{entry.action}`", f"{SIGN.get(kind, '')} {persona}" + (f" ({count})" if count else ""),
                relations, first.before if first else "", first.after if first else "",
                f"`{_md(_rule_text(before))}`", f"`{_md(_rule_text(after))}` |"]))
    summary = data["summary"]
    lines.append("")
    lines.append(f"**{summary['gains']} gains, {summary['losses']} losses, {summary['errors']} undecidable** over "
                 f"{summary['actions']} actions")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'")


def render_csv(diff: Diff) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["action", "status", "persona", "personas", "relation", "kind", "before", "after",
                     "rule_before", "rule_after", "location_after", "branch_before", "branch_after"])
    for entry in diff.changed:
        for change in entry.changes:
            writer.writerow([entry.action, entry.status, change.persona, change.personas, change.relation, change.kind,
                             change.before, change.after, entry.old.text, entry.new.text,
                             str(entry.new.location or entry.old.location or ""), change.branch_before,
                             change.branch_after])
    return out.getvalue()


# --- SARIF / GitHub -------------------------------------------------------------------


@dataclass
class _Descriptor:
    """What ``report.sarif.rule_descriptor`` reads from a catalogue rule."""

    code: str
    name: str
    summary: str
    severity: Severity
    security_severity: str | None = None
    doc: str = ""
    sections: dict = field(default_factory=dict)


DESCRIPTORS = (
    _Descriptor("DIFF-GAIN", "access-gained", "A persona gains access with the new policy.", Severity.ERROR, "7.0",
                "Someone may now do what they could not before: review that the new access is intended."),
    _Descriptor("DIFF-LOSS", "access-lost", "A persona loses access with the new policy.", Severity.WARNING, None,
                "Someone can no longer do what they could: review that nothing breaks."),
    _Descriptor("DIFF-ERROR", "undecidable-change", "A decision raises an error on one side.", Severity.ERROR, None,
                "oslo.policy raises for this request on one side; neither gain nor loss can be claimed."),
)
_CODE = {GAIN: "DIFF-GAIN", LOSS: "DIFF-LOSS", ERROR: "DIFF-ERROR"}


def findings(diff: Diff) -> list[Finding]:
    """One finding per action and kind of change, on the line of the rule that now decides."""
    result = []
    fallback = Location(diff.new.sources[0] if diff.new.sources else diff.new.label)
    for entry in diff.changed:
        location = entry.new.location or entry.old.location or fallback
        for kind in (GAIN, LOSS, ERROR):
            changes = [c for c in entry.changes if c.kind == kind]
            if not changes:
                continue
            by_persona: dict[str, list[str]] = {}
            for change in changes:
                by_persona.setdefault(change.persona, []).append(change.relation)
            parts = [f"{persona} on {', '.join(relations)}" for persona, relations in by_persona.items()]
            who = "; ".join(parts[:12])
            more = f" and {len(parts) - 12} more persona classes" if len(parts) > 12 else ""
            message = (f"{entry.action}: {WORD[kind]} — {who}{more}. Rule before: {_rule_text(entry.old.to_dict())}; "
                       f"after: {_rule_text(entry.new.to_dict())}")
            severity = next(d.severity for d in DESCRIPTORS if d.code == _CODE[kind])
            result.append(Finding(_CODE[kind], message, location, severity, subject=entry.action))
    return result


def render_sarif(diff: Diff) -> str:
    from policykit.report.sarif import render_sarif as sarif

    return sarif(findings(diff), DESCRIPTORS)


def render_github(diff: Diff) -> str:
    from policykit.report.github import render_github as github

    return github(findings(diff))


__all__ = ["render_text", "render_markdown", "render_csv", "render_sarif", "render_github", "findings"]
