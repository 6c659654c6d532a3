"""Which rules run: ``select`` / ``extend-select`` / ``ignore`` over codes, prefixes and names.

A selector is a full code (``PL101``), a code prefix (``PL``, ``PL1``), a kebab name
(``undefined-rule-reference``) or ``ALL``. As in ruff, the more specific selector wins
(``--select PL --ignore PL1`` keeps PL2xx; ``--ignore PL --select PL101`` keeps PL101),
and at equal specificity ignoring wins. Settings are applied in layers — the
configuration file, then the command line — and a layer that sets ``select`` replaces
what the layers before it selected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policykit.errors import InputError
from policykit.rules import PREFIXES, Rule
from policykit.suggest import suggest

_PREFIX = re.compile(rf"^({'|'.join(PREFIXES)})\d{{0,3}}$")
_FULL_CODE = re.compile(r"^[A-Z]{2}\d{3}$")
# A name names exactly one rule, so it is more specific than any code prefix.
_NAME_SPECIFICITY = 100


@dataclass(frozen=True)
class SelectionLayer:
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def suggest_rule(wanted: str, rules: tuple[Rule, ...]) -> str | None:
    """The closest code or name, for "did you mean" messages (a lower-case code is tried in capitals)."""
    candidates = [rule.code for rule in rules] + [rule.name for rule in rules]
    close = suggest(wanted, candidates)
    if close is None and wanted.upper() != wanted:
        close = suggest(wanted.upper(), candidates)
    return close


def check_selector(selector: str, rules: tuple[Rule, ...], where: str) -> str:
    """Normalise one selector, or raise InputError saying what is wrong and what would work."""
    text = selector.strip()
    if not text:
        raise InputError(f"{where}: empty rule selector")
    if text.upper() == "ALL":
        return "ALL"
    upper = text.upper()
    if any(rule.code == upper for rule in rules):
        return upper
    if any(rule.name == text.lower() for rule in rules):
        return text.lower()
    # A family prefix is valid even when no rule of it exists yet (PS with no paste rules).
    if _PREFIX.match(upper) and not _FULL_CODE.match(upper):
        return upper
    if any(rule.code.startswith(upper) for rule in rules) and re.match(r"^[A-Z]+\d*$", upper):
        return upper
    close = suggest_rule(text, rules)
    hint = f"; did you mean {close}?" if close else ""
    raise InputError(
        f"{where}: unknown rule code or name {selector!r}{hint}",
        hint="`policykit rule --all` lists every code and name",
    )


def specificity(selector: str, rule: Rule) -> int | None:
    """How specifically ``selector`` names ``rule``; None when it does not match it."""
    if selector == "ALL":
        return 0
    if selector == rule.name:
        return _NAME_SPECIFICITY
    if rule.code.startswith(selector):
        return len(selector)
    return None


def _decide(rule: Rule, on: tuple[str, ...], off: tuple[str, ...]) -> bool | None:
    """True/False when a selector of this layer names the rule; None when none does."""
    best_on = max((level for s in on if (level := specificity(s, rule)) is not None), default=None)
    best_off = max((level for s in off if (level := specificity(s, rule)) is not None), default=None)
    if best_on is None and best_off is None:
        return None
    if best_off is None:
        return True
    if best_on is None:
        return False
    return best_on > best_off  # ignoring wins a tie


def enabled_codes(rules: tuple[Rule, ...], layers: list[SelectionLayer]) -> frozenset[str]:
    enabled = {rule.code for rule in rules}
    for layer in layers:
        base = enabled if layer.select is None else {
            rule.code for rule in rules if any(specificity(s, rule) is not None for s in layer.select)
        }
        on = (layer.select or ()) + layer.extend_select
        result = set()
        for rule in rules:
            decided = _decide(rule, on, layer.ignore)
            if decided is None:
                decided = rule.code in base
            if decided:
                result.add(rule.code)
        enabled = result
    return frozenset(enabled)


def matches_any(code: str, selectors: tuple[str, ...] | list[str], rules: tuple[Rule, ...]) -> bool:
    """True when one of ``selectors`` (already normalised) names ``code``."""
    rule = next((rule for rule in rules if rule.code == code), None)
    for selector in selectors:
        if selector == "ALL" or code.startswith(selector) or (rule is not None and selector == rule.name):
            return True
    return False
