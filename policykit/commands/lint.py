"""``policykit lint PATH...``: lint policy files, policy.d directories, paste files and deployments.

Exit codes: 0 nothing at or above the fail level, 1 findings, 2 unusable input or
arguments. 2 wins: a run where a file could not be linted exits 2 whatever the other
files' findings are, and also with ``--exit-zero``. Everything heavy is imported inside ``run_lint`` so that the other commands
(and ``--help``) do not pay for it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

FAIL_LEVELS = ("error", "warning", "info")
MAX_FIX_ROUNDS = 10


def _codes(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def register(subparsers) -> None:
    from policykit.report import FORMATS

    parser = subparsers.add_parser(
        "lint",
        help="lint policy files, paste pipelines and deployments",
        description="Lint policy files (.json/.yaml, policy.d directories), paste files (.ini, "
        "proxy-server.conf), Keystone catalog bodies and deployment.yaml files (with every file they list).",
        epilog="exit codes: 0 nothing at or above the fail level, 1 findings, 2 unusable input or arguments "
        "(2 wins over 1, also with --exit-zero). `policykit rule CODE` explains a finding.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories to lint")
    context = parser.add_argument_group("context")
    context.add_argument("--deployment", metavar="FILE", type=Path,
                         help="lint the given policy files against this deployment (roles, projects, services)")
    defaults = context.add_mutually_exclusive_group()
    defaults.add_argument("--namespace", metavar="NS", help="oslo.policy namespace whose registered defaults to compare with")
    defaults.add_argument("--defaults", metavar="FILE", type=Path, help="defaults file written by `policykit defaults export`")
    context.add_argument("--service", metavar="NAME",
                         help="the service that reads the policy files named (nova, neutron, ...; or its type)")
    context.add_argument("--config", metavar="SERVICE.conf", type=Path, help="the service configuration of the paste files")
    context.add_argument("--check-installed", action="store_true",
                         help="check that the paste factories are importable here")
    selection = parser.add_argument_group("rule selection (codes, prefixes like PL1, or kebab names; comma-separated)")
    selection.add_argument("--select", action="append", metavar="CODES", help="only these rules (replaces the configured selection)")
    selection.add_argument("--extend-select", action="append", metavar="CODES", help="these rules as well")
    selection.add_argument("--ignore", action="append", metavar="CODES", help="not these rules")
    output = parser.add_argument_group("output")
    output.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    output.add_argument("-o", "--output", metavar="FILE", type=Path, help="write the report to FILE instead of standard output")
    output.add_argument("--statistics", action="store_true", help="count findings per rule instead of listing them")
    output.add_argument("-v", "--verbose", action="store_true",
                        help="also list every file a directory walk skipped, and why")
    output.add_argument("--fail-level", choices=FAIL_LEVELS,
                        help="lowest severity that makes the exit code 1 (default: warning)")
    output.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    accepted = parser.add_argument_group("baseline (findings accepted once; only new ones are reported)")
    accepted.add_argument("--baseline", metavar="FILE", type=Path, help="drop the findings this baseline records")
    accepted.add_argument("--write-baseline", metavar="FILE", type=Path,
                          help="record the current findings in FILE and exit 0")
    fixing = parser.add_argument_group("fixing")
    fixing.add_argument("--fix", action="store_true", help="apply the safe fixes and report what is left")
    fixing.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; change nothing")
    settings = parser.add_argument_group("settings")
    settings.add_argument("--settings", metavar="FILE", type=Path,
                          help="use this pyproject.toml or .policykit.toml instead of searching for one")
    settings.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    parser.set_defaults(func=run_lint)


def _read_sources(paths) -> dict[str, str]:
    from policykit.errors import InputError
    from policykit.lint.fixes import read_exact

    sources = {}
    for path in paths:
        if path not in sources and os.path.isfile(path):
            try:
                sources[path] = read_exact(path)
            except InputError:
                pass
    return sources


def _shown(skipped) -> str:
    from policykit.lint.driver import display_path

    shown = display_path(skipped.path)
    return shown + "/" if skipped.directory else shown


def _write(text: str, destination: Path | None) -> None:
    if destination is None:
        sys.stdout.write(text)
        return
    from policykit.sources import write_text

    write_text(destination, text, "report")


def _settings(args: argparse.Namespace, paths: list[Path], rules):
    """The configuration and the enabled codes; InputError when a selector names no rule in ``rules``."""
    from policykit.lint.config import load_config
    from policykit.lint.selection import SelectionLayer, check_selector, enabled_codes

    config = load_config(args.settings, [Path.cwd(), paths[0].parent], rules, isolated=args.isolated)

    def selectors(option: str, values: list[str] | None) -> tuple[str, ...] | None:
        codes = _codes(values)
        return None if codes is None else tuple(check_selector(code, rules, option) for code in codes)

    layers = [
        SelectionLayer(config.select, config.extend_select, config.ignore),
        SelectionLayer(selectors("--select", args.select), selectors("--extend-select", args.extend_select) or (),
                       selectors("--ignore", args.ignore) or ()),
    ]
    return config, enabled_codes(rules, layers)


def _report(args: argparse.Namespace, findings, rules, fixed: int, facts) -> str:
    import json

    from policykit.report import render
    from policykit.report.text import skipped_list, statistics, summary

    from policykit.lint.grouping import group

    textual = args.format in ("text", "concise", "full")
    listed = skipped_list(facts) if args.verbose and textual else ""
    shown = group(findings, rules)  # statistics count every finding; the reports show groups
    if args.statistics:
        if textual:
            return statistics(findings, rules) + listed + summary(shown, fixed, facts) + "\n"
        names = {rule.code: rule.name for rule in rules}
        counts: dict[str, int] = {}
        for finding in findings:
            counts[finding.code] = counts.get(finding.code, 0) + 1
        rows = [{"code": code, "name": names.get(code), "count": count}
                for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
        return json.dumps(rows, indent=2) + "\n"
    sources = _read_sources(f.location.path for f in findings) if args.format in ("full", "sarif", "html") else None
    report = render(args.format, shown, rules, sources=sources, facts=facts, verbose=args.verbose)
    return report + listed + summary(shown, fixed, facts) + "\n" if textual else report


def run_lint(args: argparse.Namespace) -> int:
    from policykit.errors import InputError
    from policykit.findings import Severity
    from policykit.lint import driver, fixes
    from policykit.lint.baseline import apply_baseline, load_baseline, write_baseline
    from policykit.lint.classify import classify
    from policykit.report import RunFacts
    from policykit.report.text import skipped_list
    from policykit.rules import all_rules

    if not args.paths:
        raise InputError(
            "no paths given",
            hint="pass policy files (.json/.yaml), policy.d directories, paste .ini files or a deployment.yaml, "
            "e.g. `policykit lint examples/deployment.yaml`",
        )
    paths = [Path(p) for p in args.paths]
    for option, path in (("--deployment", args.deployment), ("--defaults", args.defaults), ("--config", args.config)):
        if path is not None and not path.is_file():
            raise InputError(f"{option} {path}: no such file")
    targets = classify(paths)
    if not targets:
        print(f"policykit: warning: no policy, paste, deployment or catalog files under {', '.join(args.paths)}",
              file=sys.stderr)
    # The catalogue comes from the rule index: no rule module is imported until it runs.
    rules = all_rules()
    config, enabled = _settings(args, paths, rules)
    defaults = args.namespace or (str(args.defaults) if args.defaults else None) or config.defaults
    options = driver.LintOptions(
        deployment=args.deployment or config.deployment,
        defaults=defaults,
        service=_service_option(args.service),
        service_globs=config.services,
        config_root=config.root,
        paste_config=args.config,
        check_installed=args.check_installed,
        rule_options=config.rule_options,
    )
    fail_level = Severity.parse(args.fail_level) if args.fail_level else (config.fail_level or Severity.WARNING)

    baseline_path = args.baseline or config.baseline
    baseline = load_baseline(baseline_path) if baseline_path and not args.write_baseline else None
    stale = 0

    def lint_once():
        nonlocal stale
        result = driver.run(paths, options, config, enabled, rules)
        if baseline is not None:
            # A file that could not be linted is never "accepted": it stays out of the baseline.
            unusable = [f for f in result.findings if f.code == "PK004"]
            kept, stale = apply_baseline(baseline, [f for f in result.findings if f.code != "PK004"])
            result.findings = sorted(kept + unusable, key=lambda f: f.sort_key())
        return result

    result = lint_once()
    if args.write_baseline:
        count = write_baseline(args.write_baseline, [f for f in result.findings if f.code != "PK004"])
        print(f"wrote {count} finding{'s' * (count != 1)} to the baseline {args.write_baseline}", file=sys.stderr)
        return 2 if result.errors else 0
    if args.diff:
        outcomes = fixes.plan_fixes(result.findings)
        _write("".join(fixes.unified_diff(outcome) for outcome in outcomes), args.output)
        count = sum(len(outcome.applied) for outcome in outcomes)
        print(f"{count} fix{'es' * (count != 1)} available in {len(outcomes)} file{'s' * (len(outcomes) != 1)}",
              file=sys.stderr)
        return 1 if outcomes and not args.exit_zero else 0
    fixed = 0
    if args.fix:
        for _ in range(MAX_FIX_ROUNDS):
            outcomes = fixes.plan_fixes(result.findings)
            if not outcomes:
                break
            for outcome in outcomes:
                fixes.write_outcome(outcome)
                fixed += len(outcome.applied)
            result = lint_once()
    if stale:
        entries = "entry" if stale == 1 else "entries"
        verb = "matches" if stale == 1 else "match"
        print(f"policykit: {stale} baseline {entries} in {baseline_path} no longer {verb} a finding; "
              "refresh it with --write-baseline", file=sys.stderr)

    findings = result.findings
    rules = driver.described_rules(rules, paths, args.deployment is not None, findings)
    facts = RunFacts(tuple(result.unusable), tuple((_shown(s), s.reason) for s in result.skipped),
                     # Named files of no known kind that no PK002 finding reports (deselected, ignored).
                     tuple(p for p in result.unknown
                           if not any(f.code == "PK002" and f.location.path == p for f in findings)))
    report = _report(args, findings, rules, fixed, facts)
    _write(report, args.output)
    if args.verbose and not (args.format in ("text", "concise", "full") and args.output is None):
        sys.stderr.write(skipped_list(facts))
    if result.unusable:
        if args.output is not None or args.format not in ("text", "concise", "full"):
            # The report is not on the terminal as text: say it where a person reads.
            for error in result.errors:
                print(f"policykit: error: {error}", file=sys.stderr)
            count = len(result.unusable)
            print(f"policykit: {count} file{'s' * (count != 1)} could not be linted (PK004)", file=sys.stderr)
        return 2
    if args.exit_zero:
        return 0
    return 1 if any(finding.severity >= fail_level for finding in findings) else 0


def _service_option(name: str | None) -> str | None:
    """``--service NAME``: a name the service registry knows (exit 2 with a suggestion otherwise)."""
    if name is None:
        return None
    from policykit import services
    from policykit.errors import InputError

    profile = services.get(name)
    if profile is None:
        raise InputError(f"--service {name}: unknown service", hint=services.unknown_name_hint(name))
    return profile.name
