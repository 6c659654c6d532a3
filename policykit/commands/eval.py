"""``policykit eval POLICY RULE``: the decision a service makes, with the reason on request.

Credentials come from flags (``--role``, ``--user-id`` ...), from ``--creds FILE`` (a
creds mapping, or a Keystone token body) or from ``--persona NAME --deployment FILE``;
the target from ``--target key=value`` / ``key:=JSON`` or ``--target-file`` (nested JSON
flattened with dots, as services do). Prints ``allow`` or ``deny``; ``--explain`` adds
the evaluated tree. Exit codes: 0, or with ``--expect`` 0 when the decision matches and
1 when it does not; 2 for unusable input and for inputs on which oslo.policy raises.
"""

from __future__ import annotations

import argparse
import json
import sys

from policykit.errors import EvaluationError, InputError
from policykit.suggest import suggest

CRED_FLAGS = ("role", "user_id", "project_id", "domain_id", "system_scope", "user_domain_id", "project_domain_id")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "eval", help="decide a policy rule for given credentials and target, as oslo.policy would",
        description="Decide RULE (a policy name, as a service enforces it) from POLICY for the given "
                    "credentials and target, exactly as oslo.policy's Enforcer.enforce does.")
    parser.add_argument("policy", metavar="POLICY", help="policy file (YAML or JSON)")
    parser.add_argument("rule", metavar="RULE", help="policy name to enforce (never parsed; unknown names use the default rule)")
    parser.add_argument("--expression", action="store_true",
                        help="treat RULE as a rule expression (e.g. 'role:admin or rule:owner') instead of a name")
    parser.add_argument("--policy-dir", action="append", default=[], metavar="DIR",
                        help="override directory, applied after POLICY in sorted file order (repeatable)")
    parser.add_argument("--default-rule", default="default", metavar="NAME",
                        help="rule that decides unknown names (default: %(default)s; '' for none)")
    parser.add_argument("--defaults", action="append", default=[], metavar="NS|FILE",
                        help="registered defaults (installed namespace or exported file): rules the file "
                             "leaves out, deprecated names, scope types (repeatable)")
    parser.add_argument("--service", metavar="NAME",
                        help="the service that enforces POLICY (nova, neutron, ...): its own checks, the creds it "
                             "derives, the targets it builds (default: from the path or the deployment)")
    parser.add_argument("--enforce-new-defaults", action=argparse.BooleanOptionalAction, default=True,
                        help="drop deprecated defaults, as oslo.policy does by default (--no-... ORs them in)")
    who = parser.add_argument_group("credentials (flags, --creds or --persona)")
    who.add_argument("--role", action="append", default=[], metavar="ROLE", help="a role name (repeatable)")
    who.add_argument("--user-id")
    who.add_argument("--user-domain-id")
    who.add_argument("--project-id")
    who.add_argument("--project-domain-id")
    who.add_argument("--domain-id", help="domain-scoped token")
    who.add_argument("--system-scope", metavar="all", help="system-scoped token (the value is 'all')")
    who.add_argument("--creds", metavar="FILE", help="creds mapping or Keystone token body, JSON or YAML")
    who.add_argument("--persona", metavar="NAME", help="a persona of --deployment (e.g. alice@demo)")
    who.add_argument("--deployment", metavar="FILE", help="deployment.yaml that defines --persona")
    what = parser.add_argument_group("target")
    what.add_argument("--target", action="append", default=[], metavar="KEY=VALUE",
                      help="target attribute; KEY:=JSON for typed values (repeatable)")
    what.add_argument("--target-file", metavar="FILE", help="target as JSON/YAML; nested objects are flattened with dots")
    what.add_argument("--target-owner", choices=("own", "other-project", "other-domain"),
                      help="build the target the service builds for a resource of the caller (own, the default "
                           "with --persona or a token), of another project, or of another domain")
    parser.add_argument("--explain", action="store_true", help="print the evaluated rule tree")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="json: one object with the decision (and the tree with --explain)")
    parser.add_argument("--expect", choices=("allow", "deny"), help="exit 1 unless the decision is this")
    parser.add_argument("--allow-remote", action="store_true",
                        help="let http:/https: checks contact their servers (off by default)")
    parser.set_defaults(func=run)


def build_creds(args) -> tuple[dict, str, list[str]]:
    """(creds, where they came from: flags, creds, token or persona, warnings about them)."""
    from policykit.policy.credentials import policy_values, read_creds_file

    flags = [name for name in CRED_FLAGS if getattr(args, name)]
    sources = [name for name, given in (("--creds", args.creds), ("--persona", args.persona)) if given]
    if flags and sources:
        raise InputError(f"give credentials either with flags or with {sources[0]}, not both "
                         f"(also got --{flags[0].replace('_', '-')})")
    if len(sources) > 1:
        raise InputError("give credentials with --creds or with --persona, not both")
    if args.persona:
        if not args.deployment:
            raise InputError("--persona needs --deployment FILE (the deployment.yaml that defines it)")
        from policykit.deployment import load_deployment
        from policykit.deployment.personas import find_persona

        return dict(find_persona(load_deployment(args.deployment), args.persona).creds), "persona", []
    if args.creds:
        return read_creds_file(args.creds)
    return policy_values(roles=args.role, user_id=args.user_id, user_domain_id=args.user_domain_id,
                         project_id=args.project_id, project_domain_id=args.project_domain_id,
                         domain_id=args.domain_id, system_scope=args.system_scope), "flags", []


def service_of(args):
    """The service profile: --service, else the deployment entry listing POLICY, else its path."""
    from policykit import services

    if args.service and services.get(args.service) is None:
        raise InputError(f"--service {args.service}: unknown service", hint=services.unknown_name_hint(args.service))
    deployment = None
    if args.deployment and not args.service:
        from policykit.deployment import load_deployment

        deployment = load_deployment(args.deployment)
    return services.detect(args.policy, service=args.service, deployment=deployment)


def build_target(args) -> dict:
    from policykit.policy.credentials import load_target_file, parse_target_pairs

    target = load_target_file(args.target_file) if args.target_file else {}
    target.update(parse_target_pairs(args.target))
    return target


def load(args, profile=None):
    from policykit.policy.defaults import merge, resolve_defaults
    from policykit.policy.enforcer import load_policy

    registered = merge(resolve_defaults(spec) for spec in args.defaults)
    return load_policy(args.policy, policy_dirs=tuple(args.policy_dir), default_rule=args.default_rule or None,
                       registered=registered or (), enforce_new_defaults=args.enforce_new_defaults,
                       remote_checks=args.allow_remote, checks=profile.checks if profile is not None else None)


def build_request(args, policy, profile):
    """The creds and target the service hands to oslo.policy for this request."""
    from policykit.services.requests import (Request, creds_problems, loaded_keys_missing, request_creds,
                                             target_hints, with_token_body)

    creds, source, warnings = build_creds(args)
    if source == "token":
        from policykit.policy.credentials import read_token_body

        creds = with_token_body(profile, creds, read_token_body(args.creds))
    creds, derived = request_creds(profile, creds, policy)
    if source in ("creds", "flags"):
        warnings += creds_problems(creds, profile)
    given = bool(args.target or args.target_file)
    if given and args.target_owner:
        raise InputError("give --target-owner or a target (--target/--target-file), not both")
    relation = args.target_owner or ("own" if source in ("persona", "token") and not given else None)
    if relation is not None and args.expression:
        raise InputError("--target-owner needs RULE to be a policy name, not an expression",
                         hint="give the target with --target KEY=VALUE")
    if relation is None:
        target = build_target(args)
        if profile is not None and not args.expression:
            from policykit.analysis.targets import target_keys

            keys = [key.name for key in target_keys(policy, args.rule)]
            warnings += loaded_keys_missing(profile, keys, target)
        return Request(creds, target, derived, None, warnings)
    from policykit.analysis.targets import build_target as service_target, unknown_keys

    unknown = unknown_keys(policy, args.rule)
    extra = target_hints(profile, unknown, creds) if relation == "own" else {}
    if profile is not None:
        extra.update({key: profile.targets.values[key] for key in unknown if key in profile.targets.values})
    return Request(creds, service_target(policy, args.rule, creds, relation, extra=extra or None), derived,
                   relation, warnings)


def _unknown_name_note(policy, name: str) -> str | None:
    if name in policy:
        return None
    resolved, _ = policy.resolve(name)
    close = suggest(name, [n for n in policy.rules if isinstance(n, str)])
    hint = f" (did you mean {close!r}?)" if close else ""
    if resolved is None:
        return f"note: no rule named {name!r} and no default rule: denied{hint}"
    return f"note: no rule named {name!r}: the default rule {resolved!r} decides{hint}"


def _expression(text: str):
    from policykit.policy.diagnostics import parse_rule_with_diagnostics

    parsed = parse_rule_with_diagnostics(text)
    for diagnostic in parsed.diagnostics:
        where = f"column {diagnostic.start + 1}: " if diagnostic.start is not None else ""
        print(f"note: RULE {where}{diagnostic.message}", file=sys.stderr)
    return parsed.check


def _evaluated_names(explanation) -> list:
    names = [explanation.resolved] if explanation.resolved is not None else []
    stack = [explanation.root] if explanation.root is not None else []
    while stack:
        step = stack.pop()
        if step.reference is not None and not step.skipped:
            names.append(step.reference)
        stack.extend(step.children)
    return list(dict.fromkeys(names))


def _parse_notes(policy, explanation) -> None:
    """Say where a rule that took part in the decision does not mean what it says."""
    document = policy.document
    definitions = getattr(document, "definitions", {}) if document is not None else {}
    for name in _evaluated_names(explanation):
        definition = definitions.get(name)
        if definition is None:
            continue
        for diagnostic in definition.diagnostics:
            if diagnostic.deny_all or diagnostic.kind == "missing-colon-negated":
                start = diagnostic.start if diagnostic.start is not None else 0
                end = diagnostic.end if diagnostic.end is not None else start
                location = definition.location_of(start, end)
                print(f"note: {location}: rule {name!r}: {diagnostic.message}", file=sys.stderr)


def _request_lines(detection, profile, request) -> str:
    """The request as the service saw it, under the tree of --explain."""
    derived = f"  (derived by {profile.name}: {', '.join(request.derived)})" if request.derived else ""
    built = f"  (built: {_RELATION_WORDS[request.target_built]})" if request.target_built else ""
    return "\n".join((
        f"service: {detection.name or 'unknown (plain oslo.policy)'}" + (f" (from {detection.source})" if detection.name else ""),
        f"creds: {json.dumps(request.creds, sort_keys=True, default=str)}{derived}",
        f"target: {json.dumps(request.target, sort_keys=True, default=str)}{built}",
    ))


_RELATION_WORDS = {"own": "the caller's own resources", "other-project": "a resource of another project",
                   "other-domain": "a resource of another domain"}


def run(args) -> int:
    from policykit.policy.explain import Explanation

    detection = service_of(args)
    profile = detection.profile
    policy = load(args, profile)
    request = build_request(args, policy, profile)
    creds, target = request.creds, request.target
    for warning in request.warnings:
        print(f"policykit: warning: {warning}", file=sys.stderr)
    if request.target_built is not None:
        print(f"note: target {json.dumps(target, sort_keys=True)}: what {profile.name if profile else 'the service'} "
              f"builds for a request on {_RELATION_WORDS[request.target_built]} (from the keys the rule substitutes)",
              file=sys.stderr)
    rule = _expression(args.rule) if args.expression else args.rule
    if not args.expression:
        note = _unknown_name_note(policy, args.rule)
        if note:
            print(note, file=sys.stderr)
    if args.explain or args.format == "json":
        explanation = policy.explain(rule, target, creds)
    else:
        explanation = Explanation(args.rule, None, None)
        try:
            explanation.decision = policy.enforce(rule, target, creds)
        except EvaluationError as exc:
            explanation.error = exc
    error = explanation.error
    if (profile is not None and profile.enforces_by_reference and not args.expression and error is not None
            and error.oslo_exception == "KeyError"):
        # neutron enforces rule:ACTION, and oslo's RuleCheck turns a KeyError into False
        explanation.decision, explanation.error = False, None
        explanation.notes.append(f"{profile.name} enforces `rule:{args.rule}`, which turns this KeyError into "
                                 f"deny: {error}")
        if args.format == "text" and not args.explain:
            print(f"note: {explanation.notes[-1]}", file=sys.stderr)
    if args.explain or args.format == "json":
        _parse_notes(policy, explanation)
    if args.format == "json":
        data = explanation.to_dict(tree=args.explain)
        data["rule"] = args.rule
        data["service"] = {"name": detection.name, "from": detection.source}
        data["request"] = request.to_dict()
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    elif args.explain:
        print(explanation.render())
        if detection.name is not None or request.derived or request.target_built:
            print(_request_lines(detection, profile, request))
    error = explanation.error
    if error is not None:
        raised = error.oslo_exception
        what = f"oslo.policy's Enforcer.enforce raises {raised} for this input" if raised else "it cannot be decided offline"
        print(f"policykit: error: evaluating {args.rule!r}: {what}: {error}", file=sys.stderr)
        return 2
    verdict = "allow" if explanation.decision else "deny"
    if args.format == "text" and not args.explain:
        print(verdict)
    if args.expect is not None and verdict != args.expect:
        print(f"expected {args.expect}, got {verdict}", file=sys.stderr)
        return 1
    return 0
