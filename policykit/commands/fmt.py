"""``policykit fmt POLICY``: normalise a policy file without changing what it means."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import yaml

from policykit.errors import InputError
from policykit.policy import format as policy_format
from policykit.sources import parse_text, read_text, write_text

_SUFFIX = {"json": ".json", "yaml": ".yaml"}


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "fmt",
        help="normalise a policy file (quoting, list syntax → string syntax, JSON ↔ YAML)",
        description=(
            "Rewrite a policy file in a canonical form that means exactly the same to oslo.policy: "
            "every name and rule a double-quoted string, legacy list syntax converted to string "
            "syntax where the conversion is exact, YAML nulls written as \"\". YAML comments and "
            "layout are kept unless the format changes. Every rewrite is checked against "
            "oslo.policy's parser, rule by rule, before it is written."
        ),
    )
    parser.add_argument("policy", metavar="POLICY", nargs="+", help="policy file(s), JSON or YAML")
    parser.add_argument("--to", choices=("json", "yaml"), help="convert to this format")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write here ('-' for stdout) instead of in place; with --to, the default is "
                             "the same name with the new suffix")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a file would be rewritten")
    parser.add_argument("--diff", action="store_true", help="change nothing; print a unified diff")
    parser.set_defaults(func=run)


def _source_format(path: str, text: str) -> str:
    if path.endswith(".json"):
        return "json"
    if path.endswith((".yaml", ".yml")):
        return "yaml"
    return "json" if text.lstrip().startswith("{") else "yaml"


def formatted(path: str, to: str | None = None) -> tuple[str, str]:
    """(original text, formatted text) of one policy file."""
    text = read_text(path)
    source_format = _source_format(path, text)
    target = to or source_format
    try:
        document = parse_text(text, path)
        document.refuse_expansion(path)
    except InputError as error:
        # A JSON file YAML cannot read (tabs) cannot be loaded by the service at all; a strict
        # JSON reading recovers what the author wrote, and rewriting it makes it loadable.
        # Not when the reader refused what is in it (a lone surrogate, aliases to expand).
        recoverable = source_format == "json" and "cannot parse" in error.message and "surrogate" not in error.message
        recovered = policy_format.json_fallback(text, path) if recoverable else None
        if recovered is None:
            raise
        document = parse_text(policy_format.render(
            [(name, policy_format.json.dumps(value, ensure_ascii=False)) for name, value in recovered.items()],
            "json"), path)
        before = recovered
    else:
        before = yaml.safe_load(text) if "\t" not in text else _load(document)
    if target == source_format:
        result = policy_format.normalise_in_place(document)
    else:
        result = policy_format.render(policy_format.effective_pairs(document), target)
    policy_format.check_same_rules(before, result, path)
    return text, result


def _load(document):
    from policykit.sources import to_python

    return to_python(document.root)


def _destination(path: str, args) -> str:
    if args.output:
        return args.output
    if args.to and args.to != _source_format(path, ""):
        return str(Path(path).with_suffix(_SUFFIX[args.to]))
    return path


def run(args) -> int:
    if args.output and len(args.policy) > 1:
        raise InputError("-o/--output takes one POLICY file")
    changed = 0
    for path in args.policy:
        original, result = formatted(path, args.to)
        destination = _destination(path, args)
        differs = result != original or destination != path
        if args.check or args.diff:
            if differs:
                changed += 1
                if args.check:
                    print(f"would reformat {path}", file=sys.stderr)
                if args.diff:
                    sys.stdout.writelines(difflib.unified_diff(
                        original.splitlines(keepends=True), result.splitlines(keepends=True),
                        fromfile=path, tofile=destination))
            continue
        if destination == "-":
            sys.stdout.write(result)
        elif differs:
            write_text(destination, result, "formatted policy")
            changed += 1
            print(f"reformatted {path}" + (f" → {destination}" if destination != path else ""), file=sys.stderr)
    if args.check:
        return 1 if changed else 0
    return 0
