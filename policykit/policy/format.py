"""Rewriting policy files without changing what they mean.

Two jobs, shared by ``policykit fmt`` and the linter's fixes:

* converting a legacy list-syntax value (``[["role:a", "role:b"], ["role:c"]]``) into
  the equivalent string rule (``role:a and role:b or role:c``) — only when the
  conversion is exact: the list syntax hands each element to the leaf builder as is
  (``_parse_list_rule``), while the string syntax splits on whitespace and reads
  parentheses and keywords, so an element carrying any of those has no string spelling;
* normalising a whole file (every key and value a double-quoted string, list syntax
  converted, YAML null written as ``""``) and converting JSON ↔ YAML.

Every rewrite is checked against oslo.policy itself: the rules before and after must
parse to identical check trees, name by name, or the rewrite is refused.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from policykit.errors import InputError
from policykit.findings import Location
from policykit.sources import Node, SourceDocument, to_python

_KEYWORDS = {"and", "or", "not"}
_WHITESPACE = re.compile(r"\s")


def _element_is_exact(element: Any) -> bool:
    """Whether a list-syntax element becomes the very same leaf when written as text."""
    if not isinstance(element, str) or element == "":
        return False
    if _WHITESPACE.search(element) or element.startswith("(") or element.endswith(")"):
        return False
    if element.lower() in _KEYWORDS:
        return False
    if len(element) >= 2 and element[0] == element[-1] and element[0] in "'\"":
        return False  # a quoted chunk is a syntax error in the text syntax
    return True


def list_rule_to_string(value: Any) -> str | None:
    """The string rule with the same meaning as a list-syntax value, or None if there is none."""
    if not isinstance(value, list):
        return None
    if not value:
        return ""  # [] allows everyone, as "" does
    alternatives: list[str] = []
    for item in value:
        if not item:
            continue  # falsy outer elements are skipped by oslo
        elements = [item] if isinstance(item, str) else item
        if not isinstance(elements, list) or not all(_element_is_exact(e) for e in elements):
            return None
        alternatives.append(" and ".join(elements))
    if not alternatives:
        return "!"  # [[]] denies everyone
    text = " or ".join(alternatives)
    return text if same_meaning(value, text) else None


# --- the oslo.policy oracle ---------------------------------------------------------


def _oslo_shape(check) -> tuple:
    from oslo_policy import _checks

    if isinstance(check, (_checks.AndCheck, _checks.OrCheck)):
        return (type(check).__name__, tuple(_oslo_shape(rule) for rule in check.rules))
    if isinstance(check, _checks.NotCheck):
        return ("NotCheck", _oslo_shape(check.rule))
    if isinstance(check, (_checks.TrueCheck, _checks.FalseCheck)):
        return (type(check).__name__,)
    return (type(check).__name__, check.kind, check.match)


def oslo_shape(value: Any) -> tuple | str:
    """oslo.policy's check tree for a rule value, as comparable data ('raises:...' if it raises)."""
    logging.getLogger("oslo_policy._parser").setLevel(logging.CRITICAL)
    from oslo_policy import _parser

    try:
        return _oslo_shape(_parser.parse_rule(value))
    except Exception as exc:  # scalars such as true/5 raise TypeError at load
        return f"raises:{type(exc).__name__}"


def same_meaning(before: Any, after: Any) -> bool:
    return oslo_shape(before) == oslo_shape(after)


# --- whole files --------------------------------------------------------------------


class FormatError(InputError):
    pass


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _value_text(name: str, node: Node, path: str) -> str:
    """The canonical double-quoted string rule for one value node."""
    if node.is_null:
        return '""'
    if node.kind == "scalar" and isinstance(node.value, str):
        return _quoted(node.value)
    if node.kind == "sequence":
        converted = list_rule_to_string(to_python(node))
        if converted is not None:
            return _quoted(converted)
        # Not convertible: keep the list, written as a compact JSON flow list.
        return json.dumps(to_python(node), ensure_ascii=False)
    raise FormatError(
        f"the value of {name!r} is not a rule (a {type(to_python(node)).__name__}); the service cannot load this file",
        node.location(path),
        hint="write the rule as a quoted string",
    )


def _rule_pairs(document: SourceDocument) -> list[tuple[Node, Node]]:
    root = document.root
    if root is None:
        return []
    if root.kind != "mapping":
        raise FormatError("a policy file is a mapping of rule names to rules", root.location(document.path))
    pairs = list(root.items())
    for key, _value in pairs:
        if key.kind != "scalar" or not isinstance(key.value, str):
            raise FormatError(f"rule name {key.source!r} is not a string", key.location(document.path),
                              hint="quote the name")
    return pairs


def content_end(node: Node) -> int:
    """End offset of a node's own text: a block collection's end mark lies at the next key."""
    if node.kind in ("sequence", "mapping") and node.style is not True and node.value:
        last = node.value[-1]
        return content_end(last[1] if node.kind == "mapping" else last)
    return node.end_index


def normalise_in_place(document: SourceDocument) -> str:
    """Same file, same comments and layout; every name and value a double-quoted string."""
    text = document.text
    edits: list[tuple[int, int, str]] = []
    for key, value in _rule_pairs(document):
        new_value = _value_text(key.value, value, document.path)
        edits.append((key.start_index, key.end_index, _quoted(key.value)))
        between = text[key.end_index:value.start_index]
        if value.is_null and value.start_index == value.end_index:
            # `name:` — insert the empty rule right after the colon.
            colon = text.index(":", key.end_index)
            edits.append((colon + 1, colon + 1, " " + new_value))
        elif "#" not in between and "\n" in between:
            # a block list on the following lines: pull the string up beside the colon
            colon = text.index(":", key.end_index)
            edits.append((colon + 1, content_end(value), " " + new_value))
        else:
            edits.append((value.start_index, content_end(value), new_value))
    edits.sort()
    if any(later[0] < earlier[1] for earlier, later in zip(edits, edits[1:])):
        # Anchors and aliases (`&x` / `*x`) share one node between several keys: positions
        # repeat, so the file is written afresh instead (comments cannot be kept then).
        return render(effective_pairs(document), "yaml")
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def render(rules: list[tuple[str, str]], to: str) -> str:
    """A file in the given format from (name, value-text) pairs whose value is already quoted/JSON."""
    if to == "json":
        if not rules:
            return "{}\n"
        body = ",\n".join(f"    {_quoted(name)}: {value}" for name, value in rules)
        return "{\n" + body + "\n}\n"
    return "".join(f"{_quoted(name)}: {value}\n" for name, value in rules)


def effective_pairs(document: SourceDocument) -> list[tuple[str, str]]:
    """(name, canonical value text) in file order, the last duplicate winning as the service reads it."""
    chosen: dict[str, str] = {}
    for key, value in _rule_pairs(document):
        chosen.pop(key.value, None)
        chosen[key.value] = _value_text(key.value, value, document.path)
    return list(chosen.items())


def check_same_rules(before: Any, after: Any, path: str) -> None:
    """Refuse a rewrite unless every rule parses to the same oslo check tree as before.

    ``after`` may be the rewritten text, which is then read as the service reads it."""
    if isinstance(after, str):
        import yaml

        try:
            after = yaml.safe_load(after)
        except yaml.YAMLError as exc:
            raise FormatError(f"refusing to rewrite: the result would not load ({exc})", Location(path),
                              hint="this is a policykit bug; please report it with the file") from None
    if not isinstance(before, dict):
        before = {}
    if not isinstance(after, dict):
        after = {}
    if before.keys() != after.keys() or any(not same_meaning(before[k], after[k]) for k in before):
        changed = sorted(k for k in before.keys() | after.keys()
                         if k not in before or k not in after or not same_meaning(before[k], after[k]))
        raise FormatError(
            f"refusing to rewrite: the result would change the meaning of {', '.join(map(str, changed[:3]))}",
            Location(path),
            hint="this is a policykit bug; please report it with the file",
        )


def json_fallback(text: str, path: str) -> dict | None:
    """A strict-JSON reading of a file YAML cannot read (tab-indented JSON), last duplicate winning."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
