"""Only the rules a lint run needs.

Importing every subject's rules costs more start-up time than linting a small policy
file, so a run loads the rule packages of the kinds of file it was given (a deployment
pulls in every subject) plus the toolkit's own. Anything that names a rule of another
subject — a selector, a severity override, a suppression comment — makes the caller
fall back to the whole catalogue, so a partial catalogue never changes an answer, only
the time it takes.
"""

from __future__ import annotations

from policykit.lint import classify as kinds
from policykit.rules import SUBJECT_PACKAGES, Rule, all_rules, rules_in

PACKAGE_BY_PREFIX = {
    "PL": "policykit.policy.rules",
    "DP": "policykit.deployment.rules",
    "CT": "policykit.catalog.rules",
    "PS": "policykit.paste.rules",
    "PK": "policykit.lint.rules",
}
EVERYTHING = frozenset(PACKAGE_BY_PREFIX)
PREFIXES_BY_KIND = {
    kinds.POLICY: {"PL"},
    kinds.POLICY_DIR: {"PL"},
    kinds.PASTE: {"PS"},
    kinds.CATALOG: {"CT"},
    kinds.DEPLOYMENT: EVERYTHING,
    kinds.UNKNOWN: set(),
}


def prefixes_for(targets, with_deployment_context: bool) -> frozenset[str]:
    wanted = {"PK"}
    for target in targets:
        wanted |= PREFIXES_BY_KIND.get(target.kind, EVERYTHING)
    if with_deployment_context:
        wanted.add("PL")
    return frozenset(wanted)


def rules_for(prefixes: frozenset[str]) -> tuple[tuple[Rule, ...], bool]:
    """The rules of these subjects, in catalogue order, and whether that is the whole catalogue."""
    if prefixes >= EVERYTHING:
        return all_rules(), True
    wanted = {PACKAGE_BY_PREFIX[p] for p in prefixes}
    # A subject package this module does not know about is always loaded.
    packages = [p for p in SUBJECT_PACKAGES if p in wanted or p not in PACKAGE_BY_PREFIX.values()]
    return tuple(rule for package in packages for rule in rules_in(package)), False
