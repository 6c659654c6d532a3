"""A baseline: findings accepted once, so that only new ones fail.

JSON policy files cannot carry suppression comments, and a large legacy file may have
hundreds of findings nobody will fix this week. ``policykit lint --write-baseline
FILE`` records the current findings; ``--baseline FILE`` (or ``baseline = "FILE"`` in
the configuration) then drops every finding the file records and reports only the rest.

An entry is (path relative to the baseline file, code, anchor), where the anchor is what
the finding is about — the policy name or section (``subject``) — or else its message
with the numbers blanked. Line numbers are left out on purpose, so that editing other
parts of a file does not turn old findings into new ones. Entries are
counted: two identical findings need two entries. Entries that match nothing any more
are reported as stale, so the baseline shrinks as findings are fixed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from policykit.errors import InputError
from policykit.findings import Finding, Location
from policykit.sources import read_text

FORMAT = "policykit-baseline/1"


@dataclass(frozen=True)
class Baseline:
    path: Path
    entries: Counter  # (relative path, code, anchor digest) -> count


def _relative(path: str, base: Path) -> str:
    return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()


def _anchor(finding: Finding) -> str:
    if finding.subject:
        return finding.subject
    # Numbers in a message are often positions ("first defined at line 3"): they move.
    return re.sub(r"\d+", "0", finding.message)


def entry_key(finding: Finding, base: Path) -> tuple[str, str, str]:
    digest = hashlib.sha256(_anchor(finding).encode("utf-8")).hexdigest()[:16]
    return _relative(finding.location.path, base), finding.code, digest


def write_baseline(path: Path, findings: list[Finding]) -> int:
    base = path.resolve().parent
    entries = sorted(entry_key(f, base) for f in findings)
    body = {
        "format": FORMAT,
        "findings": [{"path": p, "code": c, "anchor": a} for p, c, a in entries],
    }
    try:
        path.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the baseline {path}: {exc.strerror}") from None
    return len(entries)


def load_baseline(path: Path) -> Baseline:
    try:
        if not path.exists():
            raise InputError(f"no such baseline file: {path}",
                             hint=f"write one with `policykit lint --write-baseline {path} PATH...`")
        data = json.loads(read_text(path, "baseline"))
    except json.JSONDecodeError as exc:
        raise InputError(f"the baseline is not JSON: {exc.msg}", Location(str(path), exc.lineno, exc.colno)) from None
    records = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and all(isinstance(r.get(k), str) for k in ("path", "code", "anchor")) for r in records
    ):
        raise InputError(f"{path} is not a policykit baseline (a 'findings' list of path/code/anchor entries)",
                         hint="write it again with --write-baseline")
    return Baseline(path, Counter((r["path"], r["code"], r["anchor"]) for r in records))


def apply_baseline(baseline: Baseline, findings: list[Finding]) -> tuple[list[Finding], int]:
    """The findings the baseline does not record, and how many of its entries matched nothing."""
    remaining = Counter(baseline.entries)
    base = baseline.path.resolve().parent
    new = []
    for finding in findings:
        key = entry_key(finding, base)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(finding)
    return new, sum(remaining.values())
