"""``policykit catalog plan|apply|fetch``: the catalog against a live Keystone.

Exit codes:
  plan   0 — the plan was computed (whether or not there is something to change);
  apply  0 — everything applied, or nothing to change;
         1 — Keystone rejected a change: what was applied and what was not is listed,
             and running apply again resumes from the live state;
  fetch  0 — the live catalog was written;
  all    2 — unusable deployment file or arguments, authentication refused, Keystone
             unreachable (one line on stderr; nothing was changed).
"""

from __future__ import annotations

import argparse
import sys


CONNECTION_HELP = (
    "Authentication uses keystoneauth1: the --os-* options below or the usual OS_* variables, "
    "or --os-cloud with clouds.yaml where openstacksdk is installed."
)


def register(actions) -> None:
    from policykit.catalog.sync.connect import register_connection_arguments

    for name, summary in (
        ("plan", "show what apply would change in a live Keystone's catalog (changes nothing)"),
        ("apply", "make a live Keystone's catalog match the deployment"),
    ):
        description = f"{summary[0].upper()}{summary[1:]}. {CONNECTION_HELP}"
        parser = actions.add_parser(name, help=summary, description=description)
        parser.add_argument("deployment", metavar="DEPLOYMENT", help="deployment.yaml")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="also delete regions, services and endpoints the deployment does not describe",
        )
        parser.add_argument(
            "--allow-in-use",
            action="store_true",
            help="also change the identity endpoint this command connects through (its URL, or with "
            "--prune its deletion); without it such changes are listed and not made",
        )
        if name == "plan":
            parser.add_argument("--format", choices=("text", "json"), default="text")
        register_connection_arguments(parser)
        parser.set_defaults(func=_with_debug_log(run_plan if name == "plan" else run_apply))

    fetch = actions.add_parser(
        "fetch",
        help="write a live Keystone's catalog as deployment.yaml",
        description="Write the live catalog (regions, services, endpoints) as a deployment.yaml that "
        f"plan reports no change against. {CONNECTION_HELP}",
    )
    fetch.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    register_connection_arguments(fetch)
    fetch.set_defaults(func=_with_debug_log(run_fetch))


def _with_debug_log(command):
    def run(args: argparse.Namespace) -> int:
        from policykit.catalog.sync.connect import debug_logging

        with debug_logging(args.debug):
            return command(args)

    return run


def _desired_catalog(path: str):
    from policykit.catalog.builder import build_catalog
    from policykit.deployment import load_deployment

    return build_catalog(load_deployment(path))


def _plan(args: argparse.Namespace):
    from keystoneauth1 import exceptions

    from policykit.catalog.sync.connect import KeystoneUnavailable, connect, describe_failure
    from policykit.catalog.sync.live import read_live_catalog
    from policykit.catalog.sync.plan import plan_changes

    desired = _desired_catalog(args.deployment)
    connection = connect(args)
    try:
        live = read_live_catalog(connection.adapter)
    except exceptions.ClientException as exc:
        raise KeystoneUnavailable(describe_failure(exc, connection.identity_url)) from None
    protected = frozenset() if args.allow_in_use or not connection.endpoint_id else frozenset({connection.endpoint_id})
    plan = plan_changes(desired, live, prune=args.prune, protected_endpoint_ids=protected)
    return connection, plan


def run_plan(args: argparse.Namespace) -> int:
    from policykit.catalog.sync.output import plan_json, plan_text

    connection, plan = _plan(args)
    render = plan_json if args.format == "json" else plan_text
    sys.stdout.write(render(plan, connection.identity_url))
    return 0


def run_apply(args: argparse.Namespace) -> int:
    from policykit.catalog.sync.apply import apply_plan
    from policykit.catalog.sync.output import NOTHING, applied_line, apply_summary, held_lines, kept_lines

    connection, plan = _plan(args)
    print(f"Keystone: {connection.identity_url}")
    if plan.empty:
        print("\n".join([NOTHING, *held_lines(plan), *kept_lines(plan)]))
        return 0
    result = apply_plan(connection.adapter, plan, on_done=lambda change: print(applied_line(change), flush=True))
    sys.stdout.write(apply_summary(result))
    notes = [*held_lines(plan), *kept_lines(plan)]
    if result.complete and notes:
        print("\n".join(notes))
    return 0 if result.complete else 1


def run_fetch(args: argparse.Namespace) -> int:
    from keystoneauth1 import exceptions

    from policykit.catalog.sync.connect import KeystoneUnavailable, connect, describe_failure
    from policykit.catalog.sync.fetch import deployment_yaml
    from policykit.catalog.sync.live import read_live_catalog

    connection = connect(args)
    try:
        live = read_live_catalog(connection.adapter)
    except exceptions.ClientException as exc:
        raise KeystoneUnavailable(describe_failure(exc, connection.identity_url)) from None
    text = deployment_yaml(live, source=connection.identity_url)
    if args.output:
        from policykit.sources import write_text

        write_text(args.output, text, "fetched deployment")
    else:
        sys.stdout.write(text)
    return 0
