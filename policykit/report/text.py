"""Human-readable reports: ``path:line:col: CODE [severity] message``.

``text`` adds the hint on its own indented line, ``full`` also the source line with a
caret under the column, ``concise`` is the bare line (editors parse it as gcc output).
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping

from policykit.findings import Finding, Severity

MAX_SNIPPET = 120


def headline(finding: Finding) -> str:
    return f"{finding.location}: {finding.code} [{finding.severity}] {finding.message}"


def snippet(finding: Finding, text: str) -> list[str]:
    """The finding's source line and a caret (tildes to the end column when on the same line)."""
    from policykit.lint.suppression import split_lines

    location = finding.location
    lines = [line for line, _, _ in split_lines(text, location.path.endswith((".ini", ".conf")))]
    if location.line is None or not 1 <= location.line <= len(lines):
        return []
    source = lines[location.line - 1]
    column = max(1, location.column or 1)
    width = 1
    if location.end_line == location.line and location.end_column and location.end_column > column:
        width = min(location.end_column, len(source) + 1) - column
    # A minified JSON file is one long line: show a window around the column.
    if len(source) > MAX_SNIPPET:
        first = max(0, column - 1 - MAX_SNIPPET // 2)
        window = source[first:first + MAX_SNIPPET]
        prefix = "..." if first > 0 else ""
        suffix = "..." if first + MAX_SNIPPET < len(source) else ""
        source = prefix + window + suffix
        column = column - first + len(prefix)
        width = max(1, min(width, len(window) - (column - 1 - len(prefix))))
    # Keep tabs so the caret lines up under the same character.
    lead = "".join(ch if ch == "\t" else " " for ch in source[: column - 1])
    gutter = f"{location.line} | "
    return [f"  {gutter}{source}", "  " + " " * (len(gutter) - 2) + "| " + lead + "^" + "~" * max(0, width - 1)]


def render_text(findings: list[Finding], *, style: str = "text", sources: Mapping[str, str] | None = None,
                verbose: bool = False) -> str:
    out = []
    for finding in findings:
        out.append(headline(finding))
        if verbose:  # each finding a group stands for, below it
            out.extend(f"    {headline(member)}" for member in finding.members)
        if style == "concise":
            continue
        if style == "full" and sources and finding.location.path in sources:
            out.extend(snippet(finding, sources[finding.location.path]))
        if finding.hint:
            out.append(f"    hint: {finding.hint}")
    return "\n".join(out) + ("\n" if out else "")


def summary(findings: list[Finding], fixed: int = 0, facts=None) -> str:
    """The closing lines: how many findings of each severity (and how many were fixed), how many
    files could not be linted, and how many a directory walk skipped.

    "All checks passed" only when there is no finding and every file given was checked.
    """
    fixed_text = f"Fixed {fixed} finding{'s' * (fixed != 1)}. " if fixed else ""
    unusable = len(facts.unusable) if facts is not None else 0
    unknown = len(facts.unknown) if facts is not None else 0
    if not findings:
        line = f"{fixed_text}All checks passed." if not (unusable or unknown) else f"{fixed_text}No findings."
    else:
        counts = Counter(f.severity for f in findings)
        parts = [f"{counts[s]} {s}{'s' * (counts[s] != 1 and s is not Severity.INFO)}"
                 for s in sorted(counts, reverse=True)]
        total = len(findings)
        fixable = sum(1 for f in findings for m in (f.members or (f,)) if m.fix is not None)
        tail = f" ({fixable} fixable with --fix)" if fixable else ""
        line = f"{fixed_text}Found {total} finding{'s' * (total != 1)}: {', '.join(parts)}.{tail}"
    if unusable:
        line += f" {unusable} file{'s' * (unusable != 1)} could not be linted."
    if unknown:
        line += f" {unknown} file{'s' * (unknown != 1)} named {'are' if unknown != 1 else 'is'} of no known kind " \
                "and not linted."
    if facts is not None and facts.skipped:
        line += "\n" + skipped_line(facts)
    return line


def skipped_line(facts) -> str:
    files = facts.skipped_files
    directories = len(facts.skipped) - files
    counted = [f"{files} file{'s' * (files != 1)}"] if files else []
    if directories:
        counted.append(f"{directories} director{'ies' if directories != 1 else 'y'}")
    return f"Skipped {' and '.join(counted)} in the directories walked (--verbose lists them and why)."


def skipped_list(facts) -> str:
    """``--verbose``: every path a walk left out, with why."""
    return "".join(f"skipped {path}: {reason}\n" for path, reason in facts.skipped)


def statistics(findings: list[Finding], rules) -> str:
    """Counts per rule, most frequent first (``--statistics``)."""
    names = {rule.code: rule.name for rule in rules}
    findings = [m for f in findings for m in (f.members or (f,))]
    counts = Counter(f.code for f in findings)
    fixable = {f.code for f in findings if f.fix is not None}
    severities = {f.code: f.severity for f in findings}
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "".join(
        f"{count:>{width}}  {code}  [{severities[code]}]  {'[*] ' if code in fixable else ''}{names.get(code, '')}\n"
        for code, count in rows
    )
