"""Applying the safe fixes findings carry.

A ``Fix`` replaces ``[start, end)`` character offsets of the file text as read (UTF-8,
newlines untouched — the same text the subject linters computed the offsets on). Fixes
of one file are applied together when they do not overlap; an overlapping fix is left
for the next round, after the file has been linted again, so that its offsets are fresh.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from policykit.findings import Finding, Fix
from policykit.sources import read_text, write_text


@dataclass(frozen=True)
class FixOutcome:
    path: str
    original: str
    fixed: str
    applied: tuple[Fix, ...]


def read_exact(path: str) -> str:
    """The file text with its newlines as they are (``Path.read_text`` would translate CRLF)."""
    return read_text(path)


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, tuple[Fix, ...]]:
    """Apply the non-overlapping fixes (earliest first wins); return the new text and those applied."""
    chosen: list[Fix] = []
    last_end = -1
    for fix in sorted(set(fixes), key=lambda f: (f.start, f.end, f.replacement)):
        if not 0 <= fix.start <= fix.end <= len(text):
            continue  # stale offsets: leave it to the next round
        # Two insertions at one point, or a fix starting inside the previous one, overlap.
        if chosen and (fix.start < last_end or (fix.start == last_end == chosen[-1].start == chosen[-1].end)):
            continue
        chosen.append(fix)
        last_end = fix.end
    pieces, cursor = [], 0
    for fix in chosen:
        pieces.append(text[cursor:fix.start])
        pieces.append(fix.replacement)
        cursor = fix.end
    pieces.append(text[cursor:])
    return "".join(pieces), tuple(chosen)


def plan_fixes(findings: list[Finding], read=read_exact) -> list[FixOutcome]:
    """What fixing would change, file by file (nothing is written)."""
    by_path: dict[str, list[Fix]] = {}
    for finding in findings:
        if finding.fix is not None:
            by_path.setdefault(finding.location.path, []).append(finding.fix)
    outcomes = []
    for path in sorted(by_path):
        original = read(path)
        fixed, applied = apply_fixes(original, by_path[path])
        if applied and fixed != original:
            outcomes.append(FixOutcome(path, original, fixed, applied))
    return outcomes


def write_outcome(outcome: FixOutcome) -> None:
    write_text(outcome.path, outcome.fixed, "fixed file")


def unified_diff(outcome: FixOutcome) -> str:
    lines = difflib.unified_diff(
        outcome.original.splitlines(keepends=True), outcome.fixed.splitlines(keepends=True),
        fromfile=f"a/{outcome.path}", tofile=f"b/{outcome.path}",
    )
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
    return text
