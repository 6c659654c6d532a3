"""One finding per file and rule for the rules whose findings come by the hundred.

A sample file uncommented, or a release's policy.json in the list syntax, gives one
finding per policy: 372 redundant overrides for neutron, 90 legacy lists for keystone
2013.2 — and the two real errors of the same run are lost among them. A rule whose
module defines ``grouped(members) -> (message, hint)`` is reported once per file (or,
when it sets ``GROUP_BY = "subject"``, once per file and subject) with the count and the
names; the group keeps every member finding (``Finding.members``) for the JSON and
SARIF reports and for ``--statistics``, which count members.

Grouping is for reporting only: selection, suppression, baselines and ``--fix`` work on
the findings one by one, before this step.
"""

from __future__ import annotations

from typing import Iterable

from policykit.findings import Finding

SHOWN_NAMES = 5


def names(members: Iterable[Finding], limit: int = SHOWN_NAMES) -> str:
    """``'a', 'b', 'c' and 4 more``: the members' subjects for a message."""
    subjects = [m.subject or str(m.location) for m in members]
    shown = ", ".join(repr(s) for s in subjects[:limit])
    return shown + (f" and {len(subjects) - limit} more" if len(subjects) > limit else "")


def _groupable(rules) -> dict[str, object]:
    return {rule.code: rule.module for rule in rules if hasattr(rule.module, "grouped")}


def group(findings: list[Finding], rules) -> list[Finding]:
    """``findings`` with each file's findings of a grouped rule (two or more) folded into one."""
    modules = _groupable(rules)
    buckets: dict[tuple, list[Finding]] = {}
    for finding in findings:
        module = modules.get(finding.code)
        if module is None:
            continue
        by_subject = getattr(module, "GROUP_BY", None) == "subject"
        key = (finding.location.path, finding.code, finding.subject if by_subject else None)
        buckets.setdefault(key, []).append(finding)
    folded: dict[int, Finding | None] = {}
    for key, members in buckets.items():
        if len(members) < 2:
            continue
        members.sort(key=Finding.sort_key)
        first = members[0]
        message, hint = modules[key[1]].grouped(members)
        subject = key[2]
        grouped = Finding(
            code=first.code, message=message, location=first.location,
            severity=max(m.severity for m in members), hint=hint, subject=subject,
            related=tuple(m.location for m in members[1:]), members=tuple(members),
        )
        folded[id(first)] = grouped
        for member in members[1:]:
            folded[id(member)] = None
    result = []
    for finding in findings:
        replacement = folded.get(id(finding), finding)
        if replacement is not None:
            result.append(replacement)
    return result


def expanded(findings: Iterable[Finding]) -> list[Finding]:
    """Every finding one by one: the members of each group in place of the group."""
    return [member for finding in findings for member in (finding.members or (finding,))]
