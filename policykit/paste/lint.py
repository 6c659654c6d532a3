"""``lint_paste_file``: read, resolve, select the service's pipeline, run every paste rule."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from policykit.errors import InputError
from policykit.findings import Finding, Location
from policykit.paste.conf import read_conf_file
from policykit.paste.document import ProblemKind
from policykit.paste.selection import ConfFile, PasteContext
from policykit.paste.reader import read_paste_file
from policykit.paste.resolver import resolve
from policykit.paste.services import detect_profile, select
from policykit.rules import PASTE, rules_of


def _as_given(location: Location | None, path) -> Location:
    """The reader's location under the path as the user wrote it (the reader keeps it absolute)."""
    given = os.fspath(path)
    return Location(given) if location is None else Location(given, location.line, location.column)


def build_context(path: str | os.PathLike, *, config: str | os.PathLike | None = None,
                  service: str | None = None, check_installed: bool = False,
                  options: dict | None = None) -> PasteContext:
    """Everything the paste rules and ``policykit paste`` look at, for one file."""
    paste = read_paste_file(path)
    unreadable = [p for p in paste.problems if p.kind is ProblemKind.UNREADABLE]
    if unreadable:
        raise InputError(unreadable[0].message, _as_given(unreadable[0].location, path))
    conf: ConfFile | None = None
    if config is not None:
        conf = read_conf_file(config)
        bad = [p for p in conf.problems if p.kind is ProblemKind.UNREADABLE]
        if bad:
            raise InputError(bad[0].message, _as_given(bad[0].location, config))
    resolution = resolve(paste)
    profile = detect_profile(resolution, service=service, conf_path=os.fspath(config) if config else None)
    if profile is not None and profile.relaxed_interpolation:
        paste = read_paste_file(path, relaxed_interpolation=True)
        resolution = resolve(paste)
    selections = select(resolution, profile, conf) if profile is not None else ()
    merged = {"_composite_kinds": {}}
    merged.update(options or {})
    return PasteContext(paste, resolution, conf, profile, selections, check_installed, merged)


def lint_paste_file(path: str | os.PathLike, *, config: str | os.PathLike | None = None,
                    check_installed: bool = False, service: str | None = None,
                    options: dict | None = None,
                    rule_options: Mapping[str, Mapping[str, Any]] | None = None) -> list[Finding]:
    """Every finding of every paste rule for ``path`` (with the service conf ``config``).

    ``options`` are the context's working settings; ``rule_options`` the configured options
    of the rules, by code.
    """
    context = build_context(Path(path), config=config, service=service, check_installed=check_installed,
                            options=options)
    findings: list[Finding] = []
    rule_options = rule_options or {}
    for rule in rules_of(PASTE):
        findings.extend(rule.check(context, rule_options.get(rule.code)))
    return sorted(findings, key=Finding.sort_key)
