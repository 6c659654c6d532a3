"""``policykit defaults export``: a service's registered policy defaults, written to a file.

The file lets ``policykit lint --defaults FILE`` compare policy files with the
defaults where the service itself is not installed (a repository of policy files, CI).
"""

from __future__ import annotations

import sys

from policykit.policy.defaults import export_text, installed_namespaces, load_namespace


def register(subparsers) -> None:
    parser = subparsers.add_parser("defaults", help="export a service's registered policy defaults for offline lint")
    actions = parser.add_subparsers(dest="defaults_command", metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="write the registered defaults of an installed service (oslo.policy.policies entry point) as JSON",
        description="Write the policy defaults an installed service registers (the `oslo.policy.policies` "
                    "entry point NS) as JSON, for `policykit lint --defaults FILE`.",
    )
    export.add_argument("--namespace", required=True, metavar="NS", help="the service's oslo.policy namespace, e.g. nova")
    export.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    export.set_defaults(func=run_export)
    listing = actions.add_parser("list", help="the namespaces installed here")
    listing.set_defaults(func=run_list)
    parser.set_defaults(func=lambda args: (parser.print_help(sys.stderr), 2)[1])


def run_export(args) -> int:
    text = export_text(load_namespace(args.namespace))
    if args.output and args.output != "-":
        from policykit.sources import write_text

        write_text(args.output, text, "defaults")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_list(args) -> int:
    for namespace in installed_namespaces():
        print(namespace)
    return 0
