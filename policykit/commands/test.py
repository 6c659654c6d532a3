"""``policykit test [PATH...]``: run policy unit tests (``*_policytest.yaml``).

Exit codes: 0 every expectation holds (and coverage reaches ``--fail-under``), 1 some
expectation fails (or coverage is below), 2 a test file or argument is unusable.
``--snapshot OUT POLICY|DEPLOYMENT`` writes the current decisions as a test file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from policykit.errors import InputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "test", help="run policy unit tests (*_policytest.yaml) with optional branch coverage",
        description="Run the expectations of policy test files on the compiled evaluator. PATHs are test "
                    "files or folders searched for *_policytest.yaml (or [tool.policykit] test-files).")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="test files or folders (default: .)")
    parser.add_argument("--format", choices=("text", "json", "html"), default="text",
                        help="html: one self-contained page of the coverage (with --coverage)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list passing cases too")
    parser.add_argument("--junit-xml", metavar="FILE", help="also write JUnit XML for CI systems")
    cov = parser.add_argument_group("coverage")
    cov.add_argument("--coverage", action="store_true",
                     help="branch coverage of the rules: which rules ran, which leaves decided true/false")
    cov.add_argument("--coverage-lcov", metavar="FILE", help="write coverage as lcov (implies --coverage)")
    cov.add_argument("--coverage-xml", metavar="FILE", help="write coverage as Cobertura XML (implies --coverage)")
    cov.add_argument("--fail-under", type=float, metavar="PERCENT",
                     help="exit 1 when branch coverage is below PERCENT (implies --coverage)")
    snap = parser.add_argument_group("snapshot (write the current decisions as a test file)")
    snap.add_argument("--snapshot", metavar="OUT", help="write OUT_policytest.yaml for the state in PATH")
    snap.add_argument("--deployment", metavar="FILE", help="deployment.yaml for personas (with --snapshot)")
    snap.add_argument("--defaults", action="append", default=[], metavar="NS|FILE",
                      help="registered defaults (with --snapshot; repeatable)")
    snap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                      help="[oslo_policy] setting (with --snapshot; repeatable)")
    snap.add_argument("--service", metavar="NAME", help="the deployment service to snapshot (default: all)")
    parser.set_defaults(func=run)


def run(args) -> int:
    if args.snapshot:
        from policykit.testing.snapshot import snapshot_command

        return snapshot_command(args)
    stray = [flag for flag, value in (("--deployment", args.deployment), ("--defaults", args.defaults),
                                      ("--set", args.set), ("--service", args.service)) if value]
    if stray:
        raise InputError(f"{stray[0]} is only used with --snapshot",
                         hint="a test file names its own state (state: deployment/service/defaults/set)")
    from policykit.testing.discovery import discover
    from policykit.testing.runner import run as run_files

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise InputError(f"--fail-under {args.fail_under}: a percentage between 0 and 100")
    wants_coverage = bool(args.coverage or args.coverage_lcov or args.coverage_xml or args.fail_under is not None
                          or args.format == "html")
    paths = discover(args.paths)
    if not paths:
        where = ", ".join(args.paths) or "."
        raise InputError(f"no test files found in {where}",
                         hint="test files are named *_policytest.yaml (or set test-files in [tool.policykit])")
    coverage = None
    if wants_coverage:
        from policykit.testing.coverage import Coverage

        coverage = Coverage()
    files = run_files(paths, coverage=coverage)
    if args.junit_xml:
        from policykit.testing.junit import write_junit

        try:
            write_junit(files, args.junit_xml)
        except OSError as exc:
            raise InputError(f"cannot write {args.junit_xml}: {exc.strerror}") from None
    if coverage is not None:
        _write_coverage(args, coverage)
    if args.format == "json":
        from policykit.testing.report import to_json

        print(json.dumps(to_json(files, coverage), indent=2, ensure_ascii=False, default=str))
    elif args.format == "html":
        from policykit.report.html.sections import output_page
        from policykit.testing.report import to_json

        data = json.loads(json.dumps(to_json(files, coverage), default=str))
        sys.stdout.write(output_page("coverage", "Policy tests and coverage", data))
    else:
        from policykit.testing.report import render_text, summary_line

        body = render_text(files, verbose=args.verbose)
        if body:
            print(body)
        if coverage is not None:
            from policykit.testing.coverage_report import render_text as coverage_text

            print(coverage_text(coverage))
        print(summary_line(files))
    for file in files:
        if file.error is not None:
            print(f"policykit: error: {file.error}", file=sys.stderr)
    if any(file.error is not None for file in files):
        return 2
    if any(file.failed for file in files):
        return 1
    if coverage is not None and args.fail_under is not None and coverage.percent < args.fail_under:
        print(f"coverage {coverage.percent:.2f}% is below --fail-under {args.fail_under:g}%", file=sys.stderr)
        return 1
    return 0


def _write_coverage(args, coverage) -> None:
    from policykit.testing import coverage_report

    for path, render in ((args.coverage_lcov, coverage_report.render_lcov),
                         (args.coverage_xml, coverage_report.render_cobertura)):
        if path:
            try:
                Path(path).write_text(render(coverage), encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write {path}: {exc.strerror}") from None
