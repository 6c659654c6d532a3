"""Reading YAML shapes with positions: mappings with known keys, lists, typed scalars.

Every deviation becomes a finding (unknown key with a did-you-mean, wrong type, missing
key, duplicate key) instead of an exception, so that one pass reports every problem.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Callable

from policykit.findings import Finding, Location, Severity
from policykit.sources import Node, SourceDocument
from policykit.suggest import suggest

UNREADABLE = "DP001"
UNKNOWN_KEY = "DP002"
INVALID_VALUE = "DP003"
MISSING_KEY = "DP004"
DUPLICATE_KEY = "DP005"

INTERFACE_KEYS = ("public", "internal", "admin")

_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", dict: "a mapping"}
_TYPE_HINTS = {str: 'write text, quoted if it looks like something else: "..."', int: "write digits only, e.g. 8774",
               bool: "write true or false", list: "write a list: [a, b]", dict: "write `key: value` lines"}


class ShapeReader:
    def __init__(self, document: SourceDocument):
        self.document = document
        self.issues: list[Finding] = []

    def loc(self, node: Node) -> Location:
        return self.document.location(node)

    def problem(self, code: str, node: Node, message: str, hint: str | None = None, subject: str | None = None):
        self.issues.append(Finding(code, message, self.loc(node), Severity.ERROR, hint, subject))

    # -- shapes ----------------------------------------------------------------------
    def mapping(self, node: Node, where: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()):
        """The keys of a mapping node as {key: (key_node, value_node)}, reporting every deviation."""
        if node.kind != "mapping":
            self.problem(INVALID_VALUE, node, f"{where} must be a mapping, not {_describe(node)}",
                         f"write {where} as `key: value` lines")
            return None
        found: dict[str, tuple[Node, Node]] = {}
        for key, value in node.items():
            name = key.value if key.kind == "scalar" else None
            if not isinstance(name, str):
                self.problem(INVALID_VALUE, key, f"{where} has a key that is not a string: {key.source or _describe(key)}")
                continue
            if name not in allowed:
                guess = suggest(str(name), allowed)
                hint = f"did you mean `{guess}`?" if guess else f"known keys: {', '.join(allowed)}"
                self.problem(UNKNOWN_KEY, key, f"unknown key `{name}` in {where}", hint, subject=name)
                continue
            if name in found:
                first = found[name][0]
                self.problem(DUPLICATE_KEY, key, f"`{name}` is given twice in {where} (first on line {first.line}); "
                             "YAML keeps only the last one", "remove one of them")
            found[name] = (key, value)
        for name in required:
            if name not in found:
                self.problem(MISSING_KEY, node, f"{where} has no `{name}`", f"add `{name}: ...`")
        return found

    def sequence(self, node: Node, where: str) -> list[Node]:
        if node.is_null:
            return []
        if node.kind != "sequence":
            self.problem(INVALID_VALUE, node, f"{where} must be a list, not {_describe(node)}",
                         f"write {where} as a list of `- ...` items")
            return []
        return list(node.value)

    def scalar(self, node: Node, where: str, kind: type, hint: str | None = None) -> Any:
        value = node.value if node.kind == "scalar" else None
        ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
        if kind is str and node.kind == "scalar" and not node.is_null and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)  # ids like 12345 are fine as strings
        if not ok:
            self.problem(INVALID_VALUE, node, f"{where} must be {_TYPE_NAMES[kind]}, not {_describe(node)}",
                         hint or _TYPE_HINTS[kind])
            return None
        if kind is str and not value.strip():
            self.problem(INVALID_VALUE, node, f"{where} is empty", "write a value or leave the key out")
            return None
        return value

    def strings(self, node: Node, where: str, allow_single: bool = False) -> tuple[str, ...] | None:
        if allow_single and node.kind == "scalar" and not node.is_null:
            single = self.scalar(node, where, str)
            return (single,) if single is not None else None
        values = []
        for item in self.sequence(node, where):
            value = self.scalar(item, f"an item of {where}", str)
            if value is not None:
                values.append(value)
        return tuple(values)

    def per_interface(self, node: Node, where: str) -> dict[str, str]:
        found = self.mapping(node, where, INTERFACE_KEYS) or {}
        result = {}
        for name, (_, value) in found.items():
            text = self.scalar(value, f"{where}.{name}", str)
            if text is not None:
                result[name] = text
        return result

    def locations(self, found: dict[str, tuple[Node, Node]]) -> MappingProxyType:
        """Where each key's value was written, with nested values as dotted paths:
        ``hosts.public``, ``per_interface.internal.path``, ``regions.0``."""
        result: dict[str, Location] = {}
        for name, (_, value) in found.items():
            result[name] = self.loc(value)
            self._nested(name, value, result, depth=1)
        return MappingProxyType(result)

    def _nested(self, prefix: str, node: Node, result: dict, depth: int) -> None:
        if depth > 2:
            return
        if node.kind == "mapping":
            children = [(str(key.value), value) for key, value in node.items() if key.kind == "scalar"]
        elif node.kind == "sequence":
            children = [(str(index), item) for index, item in enumerate(node.value)]
        else:
            return
        for key, child in children:
            result.setdefault(f"{prefix}.{key}", self.loc(child))
            self._nested(f"{prefix}.{key}", child, result, depth + 1)

    def each(self, node: Node | None, where: str, build: Callable[[Node, str], Any]) -> tuple:
        if node is None:
            return ()
        items = []
        for index, item in enumerate(self.sequence(node, where)):
            built = build(item, f"{where}[{index}]")
            if built is not None:
                items.append(built)
        return tuple(items)


def _describe(node: Node) -> str:
    if node.kind == "mapping":
        return "a mapping"
    if node.kind == "sequence":
        return "a list"
    if node.is_null:
        return "empty (null)"
    return f"{type(node.value).__name__} {node.source!r}"


def value_of(found, name):
    pair = found.get(name)
    return pair[1] if pair else None


