"""Helpers shared by the deployment rules."""

from __future__ import annotations

from policykit.findings import Problem


def reader_issues(context, code: str):
    """The structural problems the reader recorded under ``code``."""
    for issue in context.load_issues:
        if issue.code == code:
            yield Problem(issue.message, issue.location, issue.hint, issue.subject)
