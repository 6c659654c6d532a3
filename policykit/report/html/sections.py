"""Sections of the page built from the outputs other formats print.

Each function takes what the command already computed and returns a ``Section`` whose
data is that output's JSON document; the findings section adds, per finding, the text
of the source line it points at, so the page can mark the column.
"""

from __future__ import annotations

from typing import Mapping

from policykit.findings import Finding
from policykit.report.html import Section, rule_docs
from policykit.report.json_report import finding_record

MAX_SOURCE_LINE = 400  # a minified JSON file is one long line: the page shows a window


def _source_line(finding: Finding, text: str | None) -> tuple[str, int] | None:
    line = finding.location.line
    if text is None or line is None:
        return None
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    source, column = lines[line - 1], finding.location.column or 1
    if len(source) > MAX_SOURCE_LINE:
        first = max(0, column - 1 - MAX_SOURCE_LINE // 2)
        source, column = source[first:first + MAX_SOURCE_LINE], column - first
    return source, column


def findings_section(findings: list[Finding], rules, sources: Mapping[str, str] | None,
                     title: str = "Findings", service: str | None = None) -> Section:
    names = {rule.code: rule.name for rule in rules}
    records = []
    for finding in findings:
        record = finding_record(finding, names)
        shown = _source_line(finding, (sources or {}).get(finding.location.path))
        if shown is not None:
            record["source_line"], record["source_column"] = shown
        records.append(record)
    return Section("findings", title, records, service=service)


def facts_notes(facts) -> list[dict]:
    """What the run did not check, as the page's notes (errors first)."""
    if facts is None:
        return []
    notes = [{"level": "error", "text": f"{path}: could not be linted (PK004)"} for path in facts.unusable]
    notes += [{"level": "warning", "text": f"{path}: named, but of no kind policykit lints"} for path in facts.unknown]
    if facts.skipped:
        shown = ", ".join(f"{path} ({reason})" for path, reason in facts.skipped[:20])
        more = f" and {len(facts.skipped) - 20} more" if len(facts.skipped) > 20 else ""
        notes.append({"level": "warning", "text": f"{facts.skipped_files} file(s) skipped by the directory walk: "
                                                  f"{shown}{more}"})
    return notes


def findings_page(findings: list[Finding], rules, sources: Mapping[str, str] | None, title: str, facts=None):
    from policykit.report.html import Page

    return Page(title, [findings_section(findings, rules, sources)],
                rules=rule_docs(rules, {finding.code for finding in findings}), notes=facts_notes(facts))


def read_sources(paths) -> dict[str, str]:
    """The text of each readable file among ``paths`` (the page shows lines of them)."""
    from policykit.errors import InputError
    from policykit.sources import read_text

    sources: dict[str, str] = {}
    for path in paths:
        if path and path not in sources:
            try:
                sources[path] = read_text(path)
            except (InputError, OSError):
                continue
    return sources


def output_page(kind: str, title: str, data, notes: list[str] | None = None) -> str:
    """The page of one command's JSON output (``matrix``, ``diff``, ``test --coverage``)."""
    from policykit.report.html import Page, Section, render_page

    if kind == "coverage":
        coverage = data.get("coverage") or {}
        data = {**data, "sources": read_sources(file["path"] for file in coverage.get("files", []))}
    return render_page(Page(title, [Section(kind, title, data)], notes=list(notes or [])))
