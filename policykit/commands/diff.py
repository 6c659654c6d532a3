"""``policykit diff OLD NEW``: who gains and who loses access between two policy states.

OLD and NEW are policy files or ``git:REV:path``. With one file, the two states differ
by their defaults (``--old-defaults``/``--new-defaults``: an upgrade with the same
overrides) or their flags (``--old-set``/``--new-set``); with none, two defaults exports
are compared as they are. Exit codes: 0, 1 when ``--fail-on`` is met (default: any
gain) or some changed cell cannot be decided, 2 for unusable input.
"""

from __future__ import annotations

import json
import sys

from policykit.commands.matrix import add_persona_options
from policykit.errors import InputError


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "diff", help="who gains / loses access between two policies, defaults releases or flag settings",
        description="Compare two policy states action by action for the same personas and targets: who gains "
                    "access (security) and who loses it (breakage), with the rule before and after.")
    parser.add_argument("paths", nargs="*", metavar="OLD [NEW]",
                        help="policy files or git:REV:path; one file: the same overrides on both sides")
    parser.add_argument("--policy-dir", action="append", default=[], metavar="DIR", help="overlays on both sides")
    parser.add_argument("--namespace", action="append", default=[], metavar="NS", help="defaults on both sides")
    parser.add_argument("--defaults", action="append", default=[], metavar="FILE", help="defaults on both sides")
    parser.add_argument("--old-defaults", action="append", default=[], metavar="NS|FILE", help="defaults of OLD")
    parser.add_argument("--new-defaults", action="append", default=[], metavar="NS|FILE", help="defaults of NEW")
    parser.add_argument("--config", metavar="SERVICE.conf", help="[oslo_policy] flags for both sides")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="settings",
                        help="[oslo_policy] option for both sides")
    parser.add_argument("--old-set", action="append", default=[], metavar="KEY=VALUE", help="option for OLD only")
    parser.add_argument("--new-set", action="append", default=[], metavar="KEY=VALUE", help="option for NEW only")
    parser.add_argument("--service", metavar="NAME", help="service profile (custom checks)")
    add_persona_options(parser)
    parser.add_argument("--action", action="append", default=[], metavar="GLOB", help="only these actions")
    parser.add_argument("--fail-on", choices=("gains", "losses", "any", "none"), default="gains",
                        help="exit 1 when this happens (default: %(default)s)")
    parser.add_argument("--format", choices=("text", "markdown", "csv", "json", "sarif", "github", "html"),
                        default="text")
    parser.set_defaults(func=run)


def _states(args):
    from policykit.analysis.inputs import defaults_sets, is_deployment, is_git_spec, read_git
    from policykit.analysis.state import load_state, parse_settings
    from policykit.policy.defaults import resolve_defaults

    if len(args.paths) > 2:
        raise InputError(f"diff takes at most two policies, got {len(args.paths)}")
    shared = parse_settings(args.settings)
    old_settings = {**shared, **parse_settings(args.old_set, "--old-set")}
    new_settings = {**shared, **parse_settings(args.new_set, "--new-set")}
    common = defaults_sets(args.namespace, args.defaults)
    old_defaults = common + [resolve_defaults(spec) for spec in args.old_defaults]
    new_defaults = common + [resolve_defaults(spec) for spec in args.new_defaults]
    paths = list(args.paths)
    if not paths and not (args.old_defaults and args.new_defaults):
        raise InputError("nothing to compare", hint="give OLD NEW, or one policy with --old-defaults/--new-defaults "
                         "or --old-set/--new-set, or --old-defaults A --new-defaults B")
    if len(paths) == 1 and not (args.old_defaults or args.new_defaults or args.old_set or args.new_set):
        raise InputError("one policy and nothing that differs between OLD and NEW",
                         hint="add NEW, or --old-defaults/--new-defaults, or --old-set/--new-set")
    old_path = paths[0] if paths else None
    new_path = paths[-1] if paths else None

    def load(path, defaults, settings, side):
        options = dict(policy_dirs=args.policy_dir, defaults=defaults, settings=settings, config=args.config,
                       service=args.service)
        if path is None:
            return load_state(None, label=side, **options)
        if is_git_spec(path):
            return load_state(path, policy_text=read_git(path), label=path, **options)
        if is_deployment(path):
            raise InputError(f"{path} is a deployment; diff compares policy files",
                             hint="give the service's policy files as OLD NEW and the deployment with --deployment "
                                  "(its personas are used)")
        return load_state(path, **options)

    return load(old_path, old_defaults, old_settings, "old"), load(new_path, new_defaults, new_settings, "new")


def run(args) -> int:
    from policykit.analysis import diff_render
    from policykit.analysis.diff import compute_diff
    from policykit.analysis.matrix import select_actions
    from policykit.commands.matrix import personas_from_args

    old, new = _states(args)
    personas = personas_from_args(args)
    actions = None
    if args.action:
        every = list(dict.fromkeys(old.actions(True) + new.actions(True)))
        chosen = []
        for state in (old, new):
            try:
                chosen += select_actions(state, args.action, True)
            except InputError:
                continue
        if not chosen:
            raise InputError(f"no action matches {', '.join(map(repr, args.action))}",
                             hint=f"{len(every)} actions exist on either side")
        actions = list(dict.fromkeys(chosen))
    diff = compute_diff(old, new, personas, actions)
    renderers = {"text": diff_render.render_text, "markdown": diff_render.render_markdown,
                 "csv": diff_render.render_csv, "sarif": diff_render.render_sarif,
                 "github": diff_render.render_github}
    if args.format == "json":
        sys.stdout.write(json.dumps(diff.to_dict(), indent=1, ensure_ascii=False) + "\n")
    elif args.format == "html":
        from policykit.report.html.sections import output_page

        sys.stdout.write(output_page("diff", "Policy diff", diff.to_dict()))
    else:
        sys.stdout.write(renderers[args.format](diff))
    if args.format in ("sarif", "github", "json", "csv", "html"):
        for side, state in (("old", old), ("new", new)):
            for warning in state.warnings:
                print(f"warning: {side}: {warning}", file=sys.stderr)
    if diff.total("error"):
        print(f"policykit: {diff.total('error')} changed decisions raise an error on one side; "
              "neither gain nor loss can be claimed for them", file=sys.stderr)
    return 1 if diff.failed(args.fail_on) else 0
