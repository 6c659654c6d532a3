"""SARIF 2.1.0, as GitHub code scanning accepts it.

One ``reportingDescriptor`` per rule of the catalogue (short and full description, help
text and markdown from the rule's documentation, default level, tags, and
``security-severity`` for rules that declare one); one result per finding with a
location relative to the source root (``%SRCROOT%``, the working directory unless told
otherwise) and a ``primaryLocationLineHash`` fingerprint that survives line moves: it
hashes the rule, the file, the finding's subject (a policy name, a section) or else the
text of its line, and counts repeats.

The run's one ``invocation`` says whether everything was checked: ``executionSuccessful``
is false when a file could not be linted (each such file is also a PK004 result and a
``toolExecutionNotifications`` entry at its error), and what directory walks skipped is
a note there too, with every skipped path in the invocation's properties.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Mapping

from policykit.findings import Finding, Location, Severity
from policykit.rules import SUBJECTS

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SUBJECT_TAG = {subject.prefix: subject.tag for subject in SUBJECTS}


def _plain(markdown: str) -> str:
    """Help text without Markdown fences (the doc is already readable as plain text)."""
    lines = []
    for line in markdown.splitlines():
        if line.startswith("```"):
            continue
        lines.append(line[3:] if line.startswith("## ") else line)
    return "\n".join(lines).strip()


def rule_descriptor(rule) -> dict:
    full = rule.sections.get("What it does", "").strip() or rule.summary
    tags = [_SUBJECT_TAG.get(rule.code[:2], "policykit")]
    properties: dict = {"tags": tags, "precision": "very-high"}
    if rule.security_severity is not None:
        tags.append("security")
        properties["security-severity"] = str(rule.security_severity)
    doc = f"# {rule.code} {rule.name}\n\n{rule.doc}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary or rule.name},
        "fullDescription": {"text": " ".join(full.split())},
        "help": {"text": _plain(rule.doc) or rule.summary, "markdown": doc},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": properties,
    }


def unreadable_descriptor(code: str) -> dict:
    text = "A file policykit could not read as what it claims to be."
    return {
        "id": code,
        "name": "unreadable-input",
        "shortDescription": {"text": text},
        "fullDescription": {"text": text + " Nothing else in it was checked."},
        "help": {"text": "Fix the syntax or structure the message points at, then lint again."},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": [_SUBJECT_TAG.get(code[:2], "policykit")]},
    }


def artifact_uri(path: str, root: str) -> str:
    """A URI relative to ``root`` for files under it, else an absolute file URI."""
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return absolute.as_uri()


def _line_text(finding: Finding, sources: Mapping[str, str] | None) -> str:
    if not sources or finding.location.line is None or finding.location.path not in sources:
        return ""
    from policykit.lint.suppression import split_lines

    path = finding.location.path
    lines = [text for text, _, _ in split_lines(sources[path], path.endswith((".ini", ".conf")))]
    line = finding.location.line
    return "".join(lines[line - 1].split()) if 1 <= line <= len(lines) else ""


def fingerprints(findings: list[Finding], sources: Mapping[str, str] | None) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for finding in findings:
        # A group is one alert per file and rule (its message changes with its count).
        anchor = "group" if finding.members else finding.subject or _line_text(finding, sources) or finding.message
        digest = hashlib.sha256("\0".join((finding.code, finding.location.path, anchor)).encode()).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        result.append(f"{digest}:{seen[digest]}")
    return result


def physical_location(location, root: str) -> dict:
    uri = artifact_uri(location.path, root)
    artifact = {"uri": uri} if uri.startswith("file:") else {"uri": uri, "uriBaseId": "%SRCROOT%"}
    physical: dict = {"artifactLocation": artifact}
    if location.line is not None:
        region: dict = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        if location.end_line is not None and location.end_line >= location.line:
            region["endLine"] = location.end_line
            same_line = location.end_line == location.line
            if location.end_column is not None and (not same_line or location.end_column >= (location.column or 1)):
                region["endColumn"] = location.end_column
        physical["region"] = region
    else:  # a finding about the whole file: code scanning wants a line, and shows the first
        physical["region"] = {"startLine": 1}
    return physical


def _result(finding: Finding, index: dict[str, int], root: str, fingerprint: str) -> dict:
    text = finding.message + (f"\nhint: {finding.hint}" if finding.hint else "")
    result = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": physical_location(finding.location, root)}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    if finding.members:  # a group: its members where GitHub shows them (ten at most), every one in properties
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": physical_location(member.location, root),
             "message": {"text": member.subject or member.message}}
            for number, member in enumerate(finding.members[:10])
        ]
        result["properties"] = {"count": len(finding.members), "members": [
            {"subject": member.subject, "message": member.message, "startLine": member.location.line,
             "startColumn": member.location.column} for member in finding.members]}
    elif finding.related:  # GitHub shows at most ten
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": physical_location(related, root)}
            for number, related in enumerate(finding.related[:10])
        ]
    return result


def invocation(findings: list[Finding], facts, root: str) -> dict:
    """Whether the run checked everything it was given, and the notifications that say what it did not."""
    unusable = tuple(facts.unusable) if facts is not None else ()
    notifications = []
    for path in unusable:
        # The error's own position, from its finding (PK004, or the subject's, e.g. DP001).
        finding = next((f for f in findings if f.location.path == path and f.severity is Severity.ERROR), None)
        text = finding.message if finding is not None else f"not linted: {path} could not be read"
        notification: dict = {"level": "error", "message": {"text": text},
                              "locations": [{"physicalLocation": physical_location(
                                  finding.location if finding is not None else Location(path), root)}]}
        if finding is not None:
            notification["descriptor"] = {"id": finding.code}
        notifications.append(notification)
    properties: dict = {"unusableFiles": list(unusable)}
    if facts is not None:
        properties["skippedFiles"] = [{"path": path, "reason": reason} for path, reason in facts.skipped]
        properties["unknownFiles"] = list(facts.unknown)
        if facts.skipped:
            from policykit.report.text import skipped_line

            notifications.append({"level": "note", "message": {"text": skipped_line(facts)}})
    result: dict = {"executionSuccessful": not unusable, "properties": properties}
    if notifications:
        result["toolExecutionNotifications"] = notifications
    return result


def render_sarif(findings: list[Finding], rules, *, sources: Mapping[str, str] | None = None, root: str | None = None,
                 facts=None) -> str:
    from policykit import __version__

    root = root or os.getcwd()
    descriptors = [rule_descriptor(rule) for rule in rules]
    # A code outside the catalogue (a file a reader could not use) still gets a descriptor:
    # code scanning shows a result through its rule.
    for code in sorted({f.code for f in findings} - {rule.code for rule in rules}):
        descriptors.append(unreadable_descriptor(code))
    index = {descriptor["id"]: number for number, descriptor in enumerate(descriptors)}
    prints = fingerprints(findings, sources)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "policykit",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path(root).resolve().as_uri() + "/"}},
            "invocations": [invocation(findings, facts, root)],
            "results": [_result(f, index, root, fp) for f, fp in zip(findings, prints)],
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
