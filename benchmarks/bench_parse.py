"""Parse and load speed: policykit against oslo.policy, side by side in one process.

    python benchmarks/bench_parse.py [--policy FILE] [--quick]

Measured:

* **parse, distinct rules** — ``parse_rule`` over a few thousand *different* rule
  strings (no cache could help either side), built from the shapes real policies use:
  single checks, ``role:x and project_id:%(project_id)s``, or-chains of rule
  references, groups, ``not``. oslo: ``oslo_policy._parser.parse_rule``.
* **parse, fixed rules** — the single rules of the oslo.policy performance notes
  (``role:admin``; ``role:admin or (role:member and project_id:%(project_id)s)``; a
  9-leaf, 4-alternative rule).
* **load** — a 200+ rule YAML policy from text to checks. oslo: ``Rules.load(text,
  'default')``; policykit: ``policy_document_from_text`` (positions, duplicates and
  provenance included; diagnostics are computed on demand and are not included). The
  file is nova's 2026 sample (../shared/corpus/policies/nova-2026-sample-uncommented.yaml)
  when it exists, else a generated 240-rule policy of the same shape.

Timing: ``timeit``, best of N repeats. Ratio = oslo time / policykit time (> 1 means
policykit is faster). Results are first checked to be identical (same ``str`` of
every tree).
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import timeit
from pathlib import Path

from _common import BASE_RULES, corpus_path
from oslo_policy import _parser as oslo_parser
from oslo_policy import policy as oslo_policy

from policykit.policy.document import policy_document_from_text
from policykit.policy.parser import parse_rule

CORPUS_POLICY = corpus_path("policies", "nova-2026-sample-uncommented.yaml")

FIXED = {
    "role:admin": "role:admin",
    "typical": "role:admin or (role:member and project_id:%(project_id)s)",
    "9 leaves": ("(role:admin and system_scope:all) or (role:member and project_id:%(project_id)s) or "
                 "(role:reader and project_id:%(project_id)s and not rule:deny) or "
                 "(user_id:%(user_id)s and rule:owner)"),
}


def distinct_rules(count: int, seed: int = 7) -> list[str]:
    """Different rule strings in the shapes real policies use."""
    rng = random.Random(seed)
    roles = ["admin", "member", "reader", "manager", "service", "creator", "observer"]
    targets = ["project_id", "user_id", "domain_id", "tenant_id", "owner", "project_id"]
    rules: list[str] = []
    seen = set()
    while len(rules) < count:
        n = len(rules)
        role = f"{rng.choice(roles)}{n}"
        target = rng.choice(targets)
        shape = rng.randrange(7)
        if shape == 0:
            rule = f"role:{role}"
        elif shape == 1:
            rule = f"role:{role} and {target}:%({target})s"
        elif shape == 2:
            rule = f"rule:api_{n} or rule:admin_{n % 13} or rule:{role}_api"
        elif shape == 3:
            rule = f"role:admin or (role:{role} and {target}:%({target})s)"
        elif shape == 4:
            rule = f"(role:{role} and system_scope:all) or (role:reader and {target}:%({target})s and not rule:x{n})"
        elif shape == 5:
            rule = f"rule:context_is_admin or {target}:%({target})s or user_id:%(user_{n})s"
        else:
            rule = f"is_admin:True or (role:{role} and (project_id:%(project_id)s or domain_id:%(d{n})s))"
        if rule not in seen:
            seen.add(rule)
            rules.append(rule)
    return rules


def generated_policy(count: int = 240) -> str:
    lines = list(BASE_RULES)
    bases = ["rule:admin_api", "rule:project_member_or_admin", "rule:project_reader_or_admin", "",
             "role:admin and system_scope:all"]
    for index in range(count - len(BASE_RULES)):
        lines.append(f'"os_compute_api:servers:action_{index}": "{bases[index % len(bases)]}"')
    return "\n".join(lines) + "\n"


def best(function, number: int, repeat: int) -> float:
    return min(timeit.repeat(function, number=number, repeat=repeat)) / number


def report(label: str, oslo_seconds: float, ours_seconds: float, unit: str) -> float:
    scale = 1e6 if unit == "µs" else 1e3
    ratio = oslo_seconds / ours_seconds
    print(f"{label:<34} oslo {oslo_seconds * scale:9.1f} {unit}   policykit {ours_seconds * scale:9.1f} {unit}"
          f"   ratio {ratio:5.2f}x")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", type=Path, help="a YAML/JSON policy file to load (default: nova's sample)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    repeat = 3 if args.quick else 7

    rules = distinct_rules(500 if args.quick else 3000)
    for rule in rules:
        assert str(parse_rule(rule)) == str(oslo_parser.parse_rule(rule)), rule
    print(f"parse of {len(rules)} distinct rules (per rule):")
    ratio_distinct = report(
        "  distinct rule strings",
        best(lambda: [oslo_parser.parse_rule(rule) for rule in rules], 1, repeat) / len(rules),
        best(lambda: [parse_rule(rule) for rule in rules], 1, repeat) / len(rules),
        "µs",
    )
    print("parse of one rule, repeated:")
    for label, rule in FIXED.items():
        assert str(parse_rule(rule)) == str(oslo_parser.parse_rule(rule))
        number = 500 if args.quick else 5000
        report(f"  {label}", best(lambda: oslo_parser.parse_rule(rule), number, repeat),
               best(lambda: parse_rule(rule), number, repeat), "µs")

    path = args.policy or (CORPUS_POLICY if CORPUS_POLICY.is_file() else None)
    text = path.read_text(encoding="utf-8") if path else generated_policy()
    name = str(path) if path else "generated policy"
    expected = {key: str(value) for key, value in oslo_policy.Rules.load(text, "default").items()}
    document = policy_document_from_text(text, name)
    assert {key: str(value) for key, value in document.rules.items()} == expected
    number = 3 if args.quick else 10
    print(f"load of {len(expected)} rules from {Path(name).name} ({len(text) // 1024} KB):")
    ratio_load = report(
        "  text -> checks",
        best(lambda: oslo_policy.Rules.load(text, "default"), number, repeat),
        best(lambda: policy_document_from_text(text, name), number, repeat),
        "ms",
    )
    print(f"summary: parse {ratio_distinct:.2f}x, load {ratio_load:.2f}x (oslo time / policykit time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
