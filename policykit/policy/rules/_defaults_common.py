"""Helpers for the rules that compare a file with the service's registered defaults."""

from __future__ import annotations

from functools import lru_cache

from policykit.policy.parser import parse_rule


@lru_cache(maxsize=4096)
def parsed_str(check_str: str) -> str:
    return str(parse_rule(check_str))


def referenced_names(context) -> set[str]:
    """Every name some rule (file or registered) refers to with `rule:`."""
    from policykit.policy.rules._analysis import references

    names: set[str] = set()
    for entry in context.effective_entries():
        if entry.check is not None:
            names.update(node.match for node, _ in references(entry.check))
    if context.defaults is not None:
        for registered in context.defaults.rules.values():
            names.update(node.match for node, _ in references(parse_rule(registered.check_str)))
    return names
