"""Reporters: pure functions from findings (and the rule catalogue) to text.

Formats: ``text`` (one line per finding, its hint indented below), ``concise`` (one
line), ``full`` (plus the source line with a caret), ``json``, ``sarif`` (2.1.0, for
GitHub code scanning), ``github`` (workflow annotations) and ``html`` (one
self-contained page, ``policykit.report.html``).
"""

from __future__ import annotations

from typing import Mapping

from policykit.findings import Finding
from policykit.rules import Rule

FORMATS = ("text", "concise", "full", "json", "sarif", "github", "html")


def render(
    format: str,
    findings: list[Finding],
    rules: tuple[Rule, ...],
    *,
    sources: Mapping[str, str] | None = None,
    root: str | None = None,
) -> str:
    """The report of ``findings`` in ``format``; ``sources`` maps paths to file text (snippets, fingerprints)."""
    if format in ("text", "concise", "full"):
        from policykit.report.text import render_text

        return render_text(findings, style=format, sources=sources)
    if format == "json":
        from policykit.report.json_report import render_json

        return render_json(findings, rules)
    if format == "sarif":
        from policykit.report.sarif import render_sarif

        return render_sarif(findings, rules, sources=sources, root=root)
    if format == "github":
        from policykit.report.github import render_github

        return render_github(findings)
    if format == "html":
        from policykit.report.html import render_page
        from policykit.report.html.sections import findings_page

        return render_page(findings_page(findings, rules, sources, title="policykit lint"))
    raise ValueError(f"unknown report format {format!r}; use one of {', '.join(FORMATS)}")
