"""``policykit report DEPLOYMENT -o report.html``: one self-contained page for a whole cloud."""

from __future__ import annotations

import argparse
from pathlib import Path

from policykit.errors import InputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="one HTML page for a whole cloud: findings, matrices, upgrade diffs",
        description="Lint a deployment and every file it lists, compute each service's permission matrix for the "
                    "deployment's personas and, with --old-defaults, each service's upgrade diff; write one "
                    "self-contained HTML page (no network access, opens from disk).",
        epilog="exit codes: 0 page written; 2 unusable input. The page shows findings; use `policykit lint` "
               "to fail a CI job on them.")
    parser.add_argument("deployment", metavar="DEPLOYMENT", type=Path, help="deployment.yaml (or .json)")
    parser.add_argument("-o", "--output", metavar="FILE", type=Path, required=True, help="where to write the page")
    parser.add_argument("--old-defaults", action="append", default=[], metavar="SERVICE=FILE",
                        help="registered defaults of the release before an upgrade (a `policykit defaults export` "
                             "file) for SERVICE: the page adds its upgrade diff (repeatable)")
    parser.add_argument("--new-defaults", action="append", default=[], metavar="SERVICE=FILE",
                        help="registered defaults SERVICE runs now, where the deployment lists none (repeatable)")
    parser.add_argument("--title", help="the page title (default: the deployment's cloud name)")
    parser.set_defaults(func=run)


def _defaults(option: str, values: list[str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for value in values:
        service, sep, path = value.partition("=")
        if not sep or not service or not path:
            raise InputError(f"{option} {value!r}: expected SERVICE=FILE", hint=f"e.g. {option} nova=nova-2025.1.json")
        if not Path(path).is_file():
            raise InputError(f"{option} {service}={path}: no such file")
        chosen[service] = path
    return chosen


def run(args: argparse.Namespace) -> int:
    from policykit.report.html import render_page
    from policykit.report.html.cloud import cloud_page

    from policykit.sources import read_bytes

    # A regular file within the size limit, or one clear line (a FIFO would hang a reader).
    read_bytes(args.deployment, "deployment")
    page = cloud_page(args.deployment, old_defaults=_defaults("--old-defaults", args.old_defaults),
                      new_defaults=_defaults("--new-defaults", args.new_defaults), title=args.title)
    text = render_page(page)
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the report to {args.output}: {exc.strerror}") from None
    return 0
