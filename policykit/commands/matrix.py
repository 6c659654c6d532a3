"""``policykit matrix POLICY|DEPLOYMENT``: who may do what, on whose resources.

Rows are actions, columns persona classes; a cell says whether the persona may act on
its own project, on another project of its domain and on another domain. Exit codes:
0, 1 when some cell could not be evaluated (oslo.policy raises there too), 2 for
unusable input.
"""

from __future__ import annotations

import json
import sys

from policykit.errors import InputError
from policykit.suggest import suggest


def add_state_options(parser, prefix: str = "") -> None:
    """Options that put a policy state together (shared with ``diff``)."""
    parser.add_argument("--policy-dir", action="append", default=[], metavar="DIR",
                        help="policy.d overlay directory, applied after the file in sorted order (repeatable)")
    parser.add_argument("--namespace", action="append", default=[], metavar="NS",
                        help="registered defaults of an installed service (repeatable)")
    parser.add_argument("--defaults", action="append", default=[], metavar="FILE",
                        help="registered defaults from `policykit defaults export` (repeatable)")
    parser.add_argument("--config", metavar="SERVICE.conf",
                        help="read [oslo_policy] enforce_new_defaults / enforce_scope / policy_default_rule from it")
    parser.add_argument("--service", metavar="NAME",
                        help="service profile (custom checks); with a deployment, only this service")


def add_persona_options(parser) -> None:
    parser.add_argument("--personas", metavar="SET", help="'standard' (default without a deployment) or 'deployment'")
    parser.add_argument("--deployment", metavar="FILE", help="take the personas from this deployment.yaml")
    parser.add_argument("--persona", action="append", default=[], metavar="NAME",
                        help="only these personas (repeatable)")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "matrix", help="persona × action → allowed on own / other project / other domain",
        description="For every action of a policy (registered defaults and file rules) and every persona class, "
                    "decide the action on the persona's own project, another project of its domain and another "
                    "domain, exactly as oslo.policy would.")
    parser.add_argument("input", nargs="?", metavar="POLICY|DEPLOYMENT",
                        help="policy file, git:REV:path, or deployment.yaml (none: the defaults alone)")
    add_state_options(parser)
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="settings",
                        help="[oslo_policy] option, e.g. enforce_new_defaults=false (repeatable)")
    add_persona_options(parser)
    parser.add_argument("--action", action="append", default=[], metavar="GLOB", help="only these actions (repeatable)")
    parser.add_argument("--include-helpers", action="store_true",
                        help="also rows for rules other rules only reference (rule:admin_or_owner …)")
    parser.add_argument("--who", metavar="ACTION", help="inverse view: who may do ACTION, and the deciding branch")
    parser.add_argument("--format", choices=("text", "markdown", "csv", "json", "html"), default="text")
    parser.set_defaults(func=run)


def personas_from_args(args, deployment=None):
    from policykit.analysis.personas import personas_for, select

    if args.deployment:
        from policykit.deployment import load_deployment

        if args.personas not in (None, "deployment"):
            raise InputError("--deployment gives the personas; drop --personas or --deployment")
        deployment = load_deployment(args.deployment)
    personas = personas_for(args.personas, deployment)
    if not personas:
        raise InputError("no personas: the deployment has no usable role assignments",
                         hint="add assignments, or use --personas standard")
    return select(personas, args.persona)


def run(args) -> int:
    from policykit.analysis.inputs import Inputs, defaults_sets, load_inputs
    from policykit.analysis.matrix import compute_matrix, select_actions, who
    from policykit.analysis.render import render_csv, render_markdown, render_text, render_who
    from policykit.analysis.state import load_state, parse_settings

    settings = parse_settings(args.settings)
    defaults = defaults_sets(args.namespace, args.defaults)
    if args.input is None:
        if not defaults:
            raise InputError("nothing to analyse", hint="give a policy file or deployment, or --defaults/--namespace")
        inputs = Inputs([load_state(None, defaults=defaults, settings=settings, config=args.config,
                                    service=args.service, label=" + ".join(d.namespaces[0] for d in defaults))])
    else:
        inputs = load_inputs(args.input, policy_dirs=args.policy_dir, defaults=defaults, settings=settings,
                             config=args.config, service=args.service)
    personas = personas_from_args(args, inputs.deployment)
    for note in inputs.skipped:
        print(f"note: not analysed: {note}", file=sys.stderr)
    for state in inputs.states:
        for warning in state.warnings:
            print(f"warning: {state.label}: {warning}", file=sys.stderr)
    if args.who:
        return _run_who(args, inputs.states, personas, compute_matrix, who, render_who)
    matrices = []
    for state in inputs.states:
        actions = select_actions(state, args.action, args.include_helpers) if args.action or args.include_helpers \
            else None
        matrices.append(compute_matrix(state, personas, actions, branches=args.format in ("json", "html")))
    if args.format in ("json", "html"):
        data = matrices[0].to_dict() if len(matrices) == 1 and inputs.deployment is None else {
            "format": "policykit-matrices/1", "matrices": [m.to_dict() for m in matrices],
            "skipped": inputs.skipped}
        if args.format == "html":
            from policykit.report.html.sections import output_page

            sys.stdout.write(output_page("matrix", "Permission matrix", data))
        else:
            sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        sys.stdout.write(render_csv(matrices))
    else:
        render = render_markdown if args.format == "markdown" else render_text
        sys.stdout.write("\n".join(render(m) for m in matrices))
    errors = sum(len(m.errors) for m in matrices)
    if errors:
        print(f"policykit: {errors} cell{'s' if errors != 1 else ''} could not be evaluated "
              "(oslo.policy raises for them too); see ERROR above", file=sys.stderr)
        return 1
    return 0


def _run_who(args, states, personas, compute_matrix, who, render_who) -> int:
    from policykit.analysis.matrix import select_actions

    matching = [s for s in states if args.who in s.actions(include_helpers=True)]
    if not matching:

        known = [a for s in states for a in s.actions(include_helpers=True)]
        close = suggest(args.who, known)
        raise InputError(f"unknown action {args.who!r}", hint=f"did you mean {close}?" if close else
                         "an action is a registered or file-defined policy name")
    status = 0
    for state in matching:
        matrix = compute_matrix(state, personas, select_actions(state, [args.who], True)[:1], branches=True)
        entries = who(matrix)
        if args.format == "json":
            sys.stdout.write(json.dumps({"format": "policykit-who/1", "action": args.who,
                                         "rule": matrix.rows[0].origin.to_dict(), "who": entries},
                                        indent=1, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(render_who(matrix, entries))
        status = max(status, 1 if matrix.errors else 0)
    return status
