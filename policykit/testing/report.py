"""Test results as text and as JSON.

Text: one block per failing case — ``FAIL path:line:col: who action on target: expected
X, got Y`` and the explain tree of the decision — then per-file counts; the command
closes with ``summary_line``: ``N passed, M failed`` (``, K errors`` when some files
could not be used; their errors go to stderr).
"""

from __future__ import annotations

import json
import textwrap


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ")


def failure_text(result) -> str:
    got = result.decision if result.error is None else f"an error ({result.error})"
    head = f"FAIL {result.case.location}: {result.who} {result.action} on {result.target_label}: " \
           f"expected {result.case.expect}, got {got}"
    if result.case.is_glob:
        head += f"  (from {result.case.action!r})"
    lines = [head]
    if result.target:
        lines.append(f"    target: {json.dumps(result.target, sort_keys=True)}")
    if result.explanation is not None:
        lines.append(_indent(result.explanation.render()))
    return "\n".join(lines)


def summary_counts(files) -> tuple[int, int, int]:
    passed = sum(f.passed for f in files)
    failed = sum(f.failed for f in files)
    errors = sum(1 for f in files if f.error is not None)
    return passed, failed, errors


def summary_line(files) -> str:
    passed, failed, errors = summary_counts(files)
    line = f"{passed} passed, {failed} failed"
    return line + (f", {errors} error{'s' if errors != 1 else ''}" if errors else "")


def render_text(files, verbose: bool = False) -> str:
    """Failures (with their trees), warnings and per-file counts; the summary line is apart."""
    out: list[str] = []
    for file in files:
        if file.error is not None:
            continue  # said once, on stderr
        for warning in getattr(file.state.analysis, "warnings", ()) if file.state else ():
            out.append(f"warning: {file.path}: {warning}")
        if not file.results and not file.diffs:
            out.append(f"warning: {file.path}: no cases: nothing was tested")
        for result in file.results:
            if not result.passed:
                out.append(failure_text(result))
            elif verbose:
                out.append(f"ok   {result.case.location}: {result.title}")
        for diff in file.diffs:
            if not diff.passed or verbose:
                out.append(diff.text())
        out.append(f"{file.path}: {file.passed} passed, {file.failed} failed")
    return "\n".join(out)


def to_json(files, coverage=None) -> dict:
    passed, failed, errors = summary_counts(files)
    data = {
        "summary": {"passed": passed, "failed": failed, "errors": errors},
        "files": [
            {"path": str(f.path), "error": None if f.error is None else {
                "message": f.error.message, "location": str(f.error.location) if f.error.location else None,
                "hint": f.error.hint},
             "state": f.state.analysis.to_dict() if f.state is not None else None,
             "passed": f.passed, "failed": f.failed,
             "cases": [r.to_dict() for r in f.results],
             "diffs": [d.to_dict() for d in f.diffs]}
            for f in files
        ],
    }
    if coverage is not None:
        data["coverage"] = coverage.to_dict()
    return data
