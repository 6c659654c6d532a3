"""``policykit rule CODE|NAME``: a rule's documentation; ``policykit rule --all``: the catalogue."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "rule", help="explain a lint rule", description="Print a rule's documentation, or list every rule."
    )
    parser.add_argument("rule", nargs="?", metavar="CODE|NAME",
                        help="a rule code (PL101) or kebab name; a code prefix (PL2) lists that family")
    parser.add_argument("--all", action="store_true", help="list every rule: code, name, severity, summary")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.set_defaults(func=run_rule)


def rule_text(rule) -> str:
    facts = [f"severity: {rule.severity}"]
    if rule.security_severity is not None:
        facts.append(f"security severity: {rule.security_severity}")
    if rule.fixable:
        facts.append("fix available (policykit lint --fix)")
    return f"# {rule.code} {rule.name}\n\n{' · '.join(facts)}\n\n{rule.doc}\n"


def rule_record(rule) -> dict:
    return {
        "code": rule.code, "name": rule.name, "severity": str(rule.severity), "summary": rule.summary,
        "security_severity": rule.security_severity, "fixable": rule.fixable, "documentation": rule.doc,
        "options": rule.options(),  # each option's default; `## Options` in the documentation says more
    }


def run_rule(args: argparse.Namespace) -> int:
    import json

    from policykit.errors import InputError
    from policykit.lint.selection import suggest_rule
    from policykit.rules import all_rules, find_rule

    rules = all_rules()
    if not args.all and not args.rule:
        raise InputError("name a rule", hint="`policykit rule PL101`, or `policykit rule --all` to list them")
    rule = find_rule(args.rule) if args.rule else None
    family = [r for r in rules if args.rule and r.code.startswith(args.rule.strip().upper())]
    if args.all or (rule is None and family):  # --all, or a code prefix such as PL2
        listed = rules if args.all else family
        if args.format == "json":
            print(json.dumps([rule_record(r) for r in listed], indent=2, ensure_ascii=False))
            return 0
        width = max((len(r.name) for r in listed), default=0)
        for r in listed:
            print(f"{r.code}  {r.name:<{width}}  {str(r.severity):<7}  {r.summary}")
        return 0
    if rule is None:
        close = suggest_rule(args.rule, rules)
        raise InputError(
            f"unknown rule {args.rule!r}" + (f"; did you mean {close}?" if close else ""),
            hint="`policykit rule --all` lists every code and name",
        )
    if args.format == "json":
        print(json.dumps(rule_record(rule), indent=2, ensure_ascii=False))
    else:
        print(rule_text(rule), end="")
    return 0
