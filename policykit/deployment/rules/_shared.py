"""Helpers shared by the deployment rules."""

from __future__ import annotations

from policykit.findings import Finding


def reader_issues(context, code: str, severity):
    """The structural problems the reader recorded under ``code``, with the rule's severity."""
    for issue in context.load_issues:
        if issue.code == code:
            yield Finding(code, issue.message, issue.location, severity, issue.hint, issue.subject)
