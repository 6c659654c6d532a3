"""Finding test files: ``*_policytest.yaml`` under the given folders, as pytest finds tests.

A file named on the command line is run whatever its name. In a folder, every file
matching the pattern is collected, in sorted order, skipping hidden folders and the
usual tool folders. The pattern comes from ``test-files`` in ``[tool.policykit]``
(pyproject.toml or .policykit.toml), default ``*_policytest.yaml``; it is matched
against the file name, or, when it contains a ``/``, against the path from the config
file's folder.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from policykit.errors import InputError
from policykit.findings import Location

DEFAULT_PATTERNS = ("*_policytest.yaml", "*_policytest.yml")
SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", "build", "dist", "site-packages"}

def configured_patterns(start: Path) -> tuple[tuple[str, ...], Path | None]:
    """(patterns, the config file's folder) from ``test-files`` in the nearest config file."""
    from policykit.lint.config import find_config_file, read_toml

    config = find_config_file([start])
    if config is None:
        return DEFAULT_PATTERNS, None
    _, data = read_toml(config)  # bounded; a broken file is an error here too, not the default patterns
    table = data if config.name == ".policykit.toml" else data.get("tool", {}).get("policykit", {})
    value = table.get("test-files") if isinstance(table, dict) else None
    if value is None:
        return DEFAULT_PATTERNS, config.parent
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise InputError("test-files must be a glob or a list of globs", Location(str(config)),
                         hint='for example test-files = "*_policytest.yaml"')
    return tuple(value), config.parent


def _matches(path: Path, patterns: tuple[str, ...], root: Path | None) -> bool:
    for pattern in patterns:
        if "/" in pattern and root is not None:
            try:
                relative = path.resolve().relative_to(root.resolve()).as_posix()
            except ValueError:
                continue
            if fnmatch.fnmatch(relative, pattern):
                return True
        elif fnmatch.fnmatch(path.name, pattern):
            return True
    return False


def discover(paths: list[str | Path]) -> list[Path]:
    """Test files under ``paths`` (the current folder when none), each once, in order."""
    starts = [Path(p) for p in paths] or [Path(".")]
    patterns, root = configured_patterns(starts[0] if starts[0].is_dir() else starts[0].parent)
    found: list[Path] = []
    for start in starts:
        if start.is_file():
            found.append(start)
            continue
        if not start.exists():
            raise InputError(f"no such file or folder: {start}")
        if not start.is_dir():
            raise InputError(f"{start} is not a regular file or a folder")
        for folder, dirs, files in os.walk(start):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
            for name in sorted(files):
                candidate = Path(folder) / name
                if _matches(candidate, patterns, root) and candidate.is_file():
                    found.append(candidate)
    return list(dict.fromkeys(found))
