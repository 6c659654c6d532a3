"""JSON report: a list of findings with a stable schema.

Each entry has exactly: code, name, severity, message, hint, path, line, column,
end_line, end_column, subject (null where unknown), in the order findings are sorted
(path, line, column, code). New keys may be added; these never change meaning.

A finding that stands for many of one rule in one file (legacy list syntax, redundant
overrides...) also has ``count`` and ``members``: the record of each finding it groups.
"""

from __future__ import annotations

import json

from policykit.findings import Finding

FIELDS = ("code", "name", "severity", "message", "hint", "path", "line", "column", "end_line", "end_column", "subject")


def finding_record(finding: Finding, names: dict[str, str]) -> dict:
    record = _record(finding, names)
    if finding.members:
        record["count"] = len(finding.members)
        record["members"] = [_record(member, names) for member in finding.members]
    return record


def _record(finding: Finding, names: dict[str, str]) -> dict:
    location = finding.location
    return {
        "code": finding.code,
        "name": names.get(finding.code),
        "severity": str(finding.severity),
        "message": finding.message,
        "hint": finding.hint,
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "end_line": location.end_line,
        "end_column": location.end_column,
        "subject": finding.subject,
    }


def render_json(findings: list[Finding], rules) -> str:
    names = {rule.code: rule.name for rule in rules}
    return json.dumps([finding_record(f, names) for f in findings], indent=2, ensure_ascii=False) + "\n"
