"""Validate a test file against the shipped JSON Schema, with file:line:col errors.

The schema (``schema.json`` beside this module) is what editors use; here the same
schema is applied with ``jsonschema`` and each error is placed on the YAML node it is
about. The messages say what to write instead, which jsonschema's own texts (``... is
not valid under any of the given schemas``) do not.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from policykit.errors import InputError
from policykit.findings import Location
from policykit.sources import Node
from policykit.suggest import suggest

WHO_KEYS = ("persona", "creds", "token")


@lru_cache(maxsize=1)
def schema() -> dict:
    """The JSON Schema of ``*_policytest.yaml`` files (shipped as package data)."""
    return json.loads(resources.files("policykit.testing").joinpath("schema.json").read_text(encoding="utf-8"))


def _inlined(node, defs: dict, depth: int = 0):
    """The schema with its local ``$ref``s replaced by what they name (the schema has no
    recursive definitions): the same validation, without a reference look-up per list item."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and len(node) == 1 and depth < 8:
            return _inlined(defs[ref.rsplit("/", 1)[1]], defs, depth + 1)
        return {key: _inlined(value, defs, depth) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(item, defs, depth) for item in node]
    return node


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    return jsonschema.Draft202012Validator(_inlined(schema(), schema()["$defs"]))


def node_at(root: Node, path) -> tuple[Node, Node | None]:
    """(the node at a JSON path, the key node of its last step when that step is a mapping key)."""
    node, key_node = root, None
    for step in path:
        if node.kind == "mapping":
            found = [(k, v) for k, v in node.value if k.value == step]
            if not found:
                break
            key_node, node = found[-1]
        elif node.kind == "sequence" and isinstance(step, int) and step < len(node.value):
            key_node, node = None, node.value[step]
        else:
            break
    return node, key_node


def _what(path) -> str:
    """'a case', 'the state', 'an item of 'allow'' ... for the object a path points to."""
    path = list(path)
    steps = [s for s in path if not isinstance(s, int)]
    if not steps:
        return "the test file"
    if isinstance(path[-1], int) and steps[-1] not in ("cases", "diff"):
        return f"an item of {steps[-1]!r}"
    return {"cases": "a case", "state": "the state", "diff": "a diff", "against": "'against'",
            "set": "'set'"}.get(steps[-1], repr(steps[-1]))


def _unexpected(error) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return [key for key in error.instance if key not in allowed] if isinstance(error.instance, dict) else []


def _case_message(instance: dict) -> str:
    who = [key for key in WHO_KEYS if key in instance]
    if len(who) != 1:
        got = f"it has {' and '.join(who)}" if who else "it has none"
        return f"a case names exactly one of persona, creds or token; {got}"
    if ("action" in instance) != ("expect" in instance):
        return "a case with 'action' needs 'expect: allow|deny' (or use 'allow:'/'deny:' lists without 'action')"
    if any(key in instance for key in ("allow", "deny", "error")) and "action" in instance:
        return "a case has either 'action' + 'expect', or 'allow:'/'deny:' lists, not both"
    return "a case needs 'action' + 'expect', or 'allow:'/'deny:' lists of actions"


def _message(error) -> tuple[str, str | None]:
    validator, instance = error.validator, error.instance
    where = _what(error.absolute_path)
    if validator == "additionalProperties":
        key = _unexpected(error)[0]
        known = sorted(error.schema.get("properties", {}))
        close = suggest(str(key), known)
        hint = f"did you mean {close!r}?" if close else f"known keys: {', '.join(known)}"
        return f"unknown key {key!r} in {where}", hint
    if validator == "required":
        missing = [key for key in error.validator_value if key not in instance]
        return f"{where} needs {missing[0]!r}", None
    if validator in ("enum", "const"):
        options = error.validator_value if validator == "enum" else [error.validator_value]
        close = suggest(str(instance), [str(o) for o in options])
        hint = f"did you mean {close!r}?" if close else None
        return f"{instance!r} is not one of {', '.join(repr(o) for o in options)}", hint
    if validator in ("oneOf", "anyOf") and isinstance(instance, dict) and "cases" in list(error.absolute_path)[:1]:
        return _case_message(instance), None
    if validator == "dependentRequired":
        key = next(k for k, needs in error.validator_value.items() if k in instance)
        return f"{key!r} needs {' and '.join(repr(n) for n in error.validator_value[key])} in {where}", None
    if validator == "type" or validator in ("oneOf", "anyOf"):
        expected = _expected_types(error)
        return f"{where} must be {expected}, not {_type_name(instance)}", None
    if validator == "minItems":
        return f"{where} must not be an empty list", None
    if validator == "minLength":
        return f"{where} must not be empty", None
    return error.message, None


def _expected_types(error) -> str:
    schemas = error.validator_value if error.validator in ("oneOf", "anyOf") else [error.schema]
    names = []
    for sub in schemas:
        if "$ref" in sub:
            sub = _resolve(sub["$ref"])
        kind = sub.get("type")
        if "enum" in sub:
            names.append("one of " + ", ".join(repr(v) for v in sub["enum"]))
        elif isinstance(kind, list):
            names.extend(_article(k) for k in kind)
        elif kind:
            names.append(_article(kind))
        elif "oneOf" in sub:
            names.append(_expected_types(type("E", (), {"validator": "oneOf", "validator_value": sub["oneOf"]})))
    return " or ".join(dict.fromkeys(names)) or "something else"


def _resolve(ref: str) -> dict:
    node: Any = schema()
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def _article(kind: str) -> str:
    return {"object": "a mapping", "array": "a list", "string": "a string", "boolean": "true or false",
            "null": "null", "integer": "an integer", "number": "a number"}.get(kind, kind)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _depth(error) -> int:
    return len(error.absolute_path)


def _pick(errors: list):
    """The error to report: the innermost where several schemas disagree."""
    def rank(error):
        context = [e for e in error.context or ()]
        return (_depth(error), -len(context))
    return max(errors, key=rank)


def validate(data: Any, root: Node | None, path: str) -> None:
    """Raise ``InputError`` (file:line:col) for the first schema error in file order."""
    validator = _validator()
    if validator.is_valid(data):
        return
    errors = list(validator.iter_errors(data))
    placed = []
    for error in errors:
        chosen = error
        if error.validator in ("oneOf", "anyOf") and error.context and not _is_case(error):
            deeper = [e for e in error.context if e.validator not in ("type", "oneOf", "anyOf")]
            if deeper and all(_depth(e) > _depth(error) for e in deeper):
                chosen = _pick(deeper)
        node = root if root is None else node_at(root, chosen.absolute_path)[0]
        if chosen.validator == "additionalProperties" and node is not None and node.kind == "mapping":
            # point at the unknown key itself, not at the mapping that holds it
            unexpected = _unexpected(chosen)
            node = next((k for k, _ in node.value if k.value in unexpected), node)
        message, hint = _message(chosen)
        where = node.location(path) if node is not None else Location(path)
        placed.append((where.line or 0, where.column or 0, message, hint, where))
    placed.sort(key=lambda item: (item[0], item[1]))
    _, _, message, hint, where = placed[0]
    more = len(placed) - 1
    if more:
        hint = (hint + "; " if hint else "") + f"{more} more schema error{'s' if more > 1 else ''} after this one"
    raise InputError(message, where, hint)


def _is_case(error) -> bool:
    path = list(error.absolute_path)
    return len(path) == 2 and path[0] == "cases" and isinstance(error.instance, dict)
