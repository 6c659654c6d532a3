"""``policykit paste PASTE.ini``: every root and branch of a paste file, resolved, and what the service loads.

For each app-like section: whether ``loadapp`` would load it (or the error), and each
branch — pipeline, urlmap path, flavor/auth_strategy key — as the ordered list of its
filters and the app, with the line each is defined on. With ``--config`` (the service
conf), which root and flavor the service loads and why. Then the paste findings.

Exit codes: 0 no finding at warning or above, 1 findings, 2 unusable input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "paste",
        help="show the resolved pipelines of a paste file and what the service loads",
        description="Resolve every root and branch of a PasteDeploy file (pipelines, composites, every flavor), "
        "say which pipeline the service will load, and list the paste findings.",
        epilog="exit codes: 0 no finding at warning or above, 1 findings, 2 unusable input.",
    )
    parser.add_argument("paste", metavar="PASTE.ini", type=Path, help="the paste file (api-paste.ini, proxy-server.conf, ...)")
    parser.add_argument("--config", metavar="SERVICE.conf", type=Path,
                        help="the service conf ([paste_deploy] flavor, auth_strategy, ...)")
    parser.add_argument("--service", metavar="NAME",
                        help="the service the file belongs to (glance, nova, heat, ... or a service type); "
                             "default: guessed from the file names and factories")
    parser.add_argument("--check-installed", action="store_true",
                        help="also check that egg: distributions and factory modules are installed here")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--selected-only", action="store_true",
                        help="only show the roots the service loads (needs a known service)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from policykit.errors import InputError
    from policykit.findings import Severity
    from policykit.paste.lint import build_context
    from policykit.rules import rules_in

    if not args.paste.is_file():
        raise InputError(f"{args.paste}: no such file", hint="give the path of a paste .ini file")
    if args.config is not None and not args.config.is_file():
        raise InputError(f"{args.config}: no such file", hint="--config takes the service's .conf file")
    context = build_context(args.paste, config=args.config, service=args.service,
                            check_installed=args.check_installed)
    from policykit.lint.driver import displayed

    files = [_shown(context.paste.path)] + ([_shown(context.conf.path)] if context.conf is not None else [])
    findings = sorted((displayed(f, files) for rule in rules_in("policykit.paste.rules") for f in rule.check(context)),
                      key=lambda f: f.sort_key())
    if args.format == "json":
        print(json.dumps(as_json(context, findings), indent=2))
    else:
        sys.stdout.write(as_text(context, findings, selected_only=args.selected_only))
    return 1 if any(f.severity >= Severity.WARNING for f in findings) else 0


def _shown(path: str) -> str:
    from policykit.lint.driver import display_path

    return display_path(path)


def displayed_location(location):
    from policykit.lint.driver import shown_location

    return shown_location(location)


def _stage_line(index: int, stage) -> str:
    where = f"line {stage.section.line}" if stage.section is not None else "-"
    factory = stage.factory_text or ""
    kind = stage.role.value
    return f"      {index:>2}. {stage.name:<28} {kind:<6} {where:<9} {factory}"


def _branch_label(branch) -> str:
    parts = []
    for choice in branch.choices:
        if choice.kind == "selector":
            parts.append(f"{choice.composite.label} key '{choice.key.name}' (line {choice.key.line})")
        elif choice.kind == "not_found_app":
            parts.append(f"{choice.composite.label} not_found_app")
        else:
            parts.append(f"{choice.composite.label} {choice.key.name} (line {choice.key.line})")
    return " → ".join(parts) if parts else "(single pipeline)"


def as_text(context, findings, *, selected_only: bool = False) -> str:
    from policykit.report import render

    out: list[str] = []
    paste = context.paste
    shown_paste = _shown(paste.path)
    service = context.profile.service if context.profile else "unknown (use --service)"
    out.append(f"{_shown(paste.path)}: {len(paste.sections)} sections, {len(context.resolution.roots)} roots; "
               f"service: {service}")
    for selection in context.selections:
        state = "loads" if selection.error is None else f"FAILS: {selection.error.message}"
        out.append(f"  {selection.profile.service} loads '{selection.app_name}': {selection.reason} — {state}")
        if selection.valid_flavors and selection.profile.flavor_options:
            flavors = ", ".join(f or "(unset)" for f in selection.valid_flavors)
            out.append(f"    flavors that load: {flavors}")
        elif selection.valid_flavors:
            out.append(f"    keys that load: {', '.join(selection.valid_flavors)}")
    selected_roots = {s.root.name for s in context.selections if s.root is not None}
    # The branches the service serves under its flavor / auth_strategy: the others of a
    # selected root (glance's unauthenticated `default` key...) are never loaded.
    served = [branch for s in context.selections for branch in (s.branches or ((s.branch,) if s.branch else ()))]
    out.append("")
    for root in context.resolution.roots:
        if selected_only and root.name not in selected_roots:
            continue
        marker = " (loaded by the service)" if root.name in selected_roots else ""
        verdict = "loads" if root.error is None else f"fails: {root.error.message}"
        out.append(f"{root.section.label} line {root.section.line}{marker}: {verdict}")
        for branch in root.branches:
            if selected_only and served and not any(branch is chosen or branch == chosen for chosen in served):
                continue
            out.append(f"    {_branch_label(branch)}")
            for index, stage in enumerate(branch.stages, start=1):
                out.append(_stage_line(index, stage))
            if branch.error is not None:
                out.append(f"      ✗ {displayed_location(branch.error.location)}: {branch.error.message}")
    out.append("")
    if findings:
        sources = {shown_paste: paste.text}
        out.append(render("text", findings, (), sources=sources).rstrip("\n"))
    else:
        out.append("no findings")
    return "\n".join(out) + "\n"


def _location(location) -> dict:
    return {"path": _shown(location.path), "line": location.line, "column": location.column}


def _error(error) -> dict | None:
    if error is None:
        return None
    return {"category": error.category.value, "message": error.message, "location": _location(error.location),
            "pastedeploy": error.pastedeploy}


def _stage(stage) -> dict:
    return {"name": stage.name, "role": stage.role.value, "reference": stage.reference,
            "location": _location(stage.location),
            "section": stage.section.header if stage.section else None,
            "section_line": stage.section.line if stage.section else None,
            "factory": stage.factory_text}


def as_json(context, findings) -> dict:
    from policykit.report.json_report import finding_record

    return {
        "file": _shown(context.paste.path),
        "service": context.profile.service if context.profile else None,
        "selections": [{
            "app": s.app_name, "reason": s.reason, "selector": s.selector_key,
            "flavor": s.flavor.value if s.flavor else None,
            "loads": s.error is None, "error": _error(s.error), "valid": list(s.valid_flavors),
            "root": s.root.name if s.root else None,
            "pipeline": [_stage(st) for st in s.branch.stages] if s.branch else [],
        } for s in context.selections],
        "roots": [{
            "name": root.name, "section": root.section.header, "line": root.section.line,
            "loads": root.error is None, "error": _error(root.error),
            "branches": [{
                "choices": [{"composite": c.composite.header, "key": c.key.name, "kind": c.kind, "line": c.key.line}
                            for c in branch.choices],
                "stages": [_stage(st) for st in branch.stages],
                "error": _error(branch.error),
            } for branch in root.branches],
        } for root in context.resolution.roots],
        "findings": [finding_record(f, {}) for f in findings],
    }
