"""Reporters: pure functions from findings (and the rule catalogue) to text.

Formats: ``text`` (one line per finding, its hint indented below), ``concise`` (one
line), ``full`` (plus the source line with a caret), ``json``, ``sarif`` (2.1.0, for
GitHub code scanning), ``github`` (workflow annotations) and ``html`` (one
self-contained page, ``policykit.report.html``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from policykit.findings import Finding
from policykit.rules import Rule

FORMATS = ("text", "concise", "full", "json", "sarif", "github", "html")


@dataclass(frozen=True)
class RunFacts:
    """What a report says besides the findings: what was not checked.

    ``unusable``: display paths of the files no reader could use (each also has a PK004
    finding, or its subject's own, such as DP001); ``skipped``: (display path, reason)
    of what directory walks left out (a directory not walked ends in ``/``); ``unknown``: files named that are of no known kind.
    """

    unusable: tuple[str, ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    unknown: tuple[str, ...] = ()

    @property
    def skipped_files(self) -> int:
        return sum(1 for path, reason in self.skipped if not path.endswith("/"))


def render(
    format: str,
    findings: list[Finding],
    rules: tuple[Rule, ...],
    *,
    sources: Mapping[str, str] | None = None,
    root: str | None = None,
    facts: RunFacts | None = None,
    verbose: bool = False,
) -> str:
    """The report of ``findings`` in ``format``; ``sources`` maps paths to file text (snippets, fingerprints).

    ``facts`` (what was not checked) go into SARIF's invocation and GitHub notices; the text
    formats say them in the summary line (``policykit.report.text.summary``). A grouped
    finding (``Finding.members``) lists its members in JSON and SARIF, and in the text
    formats with ``verbose``.
    """
    if format in ("text", "concise", "full"):
        from policykit.report.text import render_text

        return render_text(findings, style=format, sources=sources, verbose=verbose)
    if format == "json":
        from policykit.report.json_report import render_json

        return render_json(findings, rules)
    if format == "sarif":
        from policykit.report.sarif import render_sarif

        return render_sarif(findings, rules, sources=sources, root=root, facts=facts)
    if format == "github":
        from policykit.report.github import render_github

        return render_github(findings, facts)
    if format == "html":
        from policykit.report.html import render_page
        from policykit.report.html.sections import findings_page

        return render_page(findings_page(findings, rules, sources, title="policykit lint", facts=facts))
    raise ValueError(f"unknown report format {format!r}; use one of {', '.join(FORMATS)}")
