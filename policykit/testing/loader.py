"""Read a ``*_policytest.yaml`` file: bounded, positioned, schema-checked, into ``TestFile``.

Every error is an ``InputError`` at the file:line:col it is about: YAML syntax, a key
written twice, anything the JSON Schema rejects. Names (personas, actions) are checked
later, against the loaded state, with the same positions.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from policykit.errors import InputError
from policykit.findings import Location
from policykit.policy.credentials import flatten_target
from policykit.sources import Node, parse_text, read_text, to_python
from policykit.testing.model import Case, DiffSpec, StateSpec, TestFile, Who
from policykit.testing.validate import node_at, validate

_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,])\*[^\s,\]}]")


def _no_aliases(text: str, path: str) -> None:
    """Refuse YAML aliases (``*name``): expanding them is how a small file becomes a huge one."""
    if not _MAYBE_ALIAS.search(text):
        return
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.AliasToken):
                raise InputError(f"YAML alias *{token.value} is not allowed in a test file",
                                 Location(path, token.start_mark.line + 1, token.start_mark.column + 1),
                                 hint="write the value out; test files are read without alias expansion")
    except yaml.YAMLError:
        return  # the parser reports syntax errors with their position


def _no_duplicate_keys(node: Node | None, path: str) -> None:
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.kind == "mapping":
            seen: dict[Any, Node] = {}
            for key, value in current.value:
                if key.kind == "scalar" and key.value in seen:
                    first = seen[key.value]
                    raise InputError(f"key {key.value!r} is written twice in this mapping (first at line {first.line})",
                                     key.location(path), hint="keep one: YAML keeps only the last")
                if key.kind == "scalar":
                    seen[key.value] = key
                stack.append(value)
        elif current.kind == "sequence":
            stack.extend(current.value)


def load_test_file(path: str | Path) -> TestFile:
    path = Path(path)
    text = read_text(path, "test file")  # bounded: a regular file within the size limit
    _no_aliases(text, str(path))
    document = parse_text(text, str(path))
    root = document.root
    if root is None:
        raise InputError("the test file is empty", Location(str(path), 1, 1),
                         hint="write a 'state:' and a list of 'cases:' (see docs/testing.md)")
    _no_duplicate_keys(root, str(path))
    data = to_python(root)
    validate(data, root, str(path))
    return _build(path, root, data)


class _Builder:
    def __init__(self, path: Path, root: Node):
        self.path, self.root, self.where = path, root, str(path)

    def loc(self, *steps) -> Location:
        node, _ = node_at(self.root, steps)
        return node.location(self.where)

    def key_loc(self, *steps) -> Location:
        node, key = node_at(self.root, steps)
        return (key or node).location(self.where)


def _as_tuple(value) -> tuple:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


def state_spec(data: dict, base: Path, located, prefix: tuple, inherit: StateSpec | None = None) -> StateSpec:
    """The state of ``data`` (``state:`` or ``against:``), laid over ``inherit``."""
    def joined(values) -> tuple[Path, ...]:
        return tuple(base / v for v in _as_tuple(values))

    spec = dict(
        policy=joined(data["policy"]) if "policy" in data else (inherit.policy if inherit else ()),
        policy_dirs=joined(data["policy-dirs"]) if "policy-dirs" in data else (inherit.policy_dirs if inherit else ()),
        deployment=(base / data["deployment"]) if "deployment" in data else (inherit.deployment if inherit else None),
        service=data["service"] if "service" in data else (inherit.service if inherit else None),
        defaults=tuple(_as_tuple(data["defaults"])) if "defaults" in data else (inherit.defaults if inherit else ()),
        flags={**(inherit.flags if inherit else {}), **data.get("set", {})},
        default_rule=data["default-rule"] if "default-rule" in data else (inherit.default_rule if inherit else "default"),
    )
    locations = dict(inherit.locations) if inherit else {}
    for key in data:
        locations[key] = located.loc(*prefix, key)
    return StateSpec(base=base, location=located.loc(*prefix) if prefix else None, locations=locations, **spec)


def _build(path: Path, root: Node, data: dict) -> TestFile:
    b = _Builder(path, root)
    base = path.parent
    state_data = data.get("state", {})
    state = state_spec(state_data, base, b, ("state",) if "state" in data else ())
    if not state.policy and state.service is None:
        where = b.key_loc("state") if "state" in data else Location(str(path), 1, 1)
        raise InputError("the state names no policy: give 'policy: FILE' or 'deployment:' with 'service:'", where,
                         hint="paths are relative to the test file")
    cases: list[Case] = []
    for index, raw in enumerate(data.get("cases", [])):
        cases.extend(_cases(b, index, raw))
    diffs = [_diff(b, index, raw, state) for index, raw in enumerate(data.get("diff", []))]
    return TestFile(path, state, data.get("personas"), cases, diffs, data.get("description", ""))


def _who(b: _Builder, index: int, raw: dict) -> list[Who]:
    if "persona" in raw:
        names = raw["persona"]
        if isinstance(names, list):
            return [Who("persona", name, b.loc("cases", index, "persona", i)) for i, name in enumerate(names)]
        return [Who("persona", names, b.loc("cases", index, "persona"))]
    if "creds" in raw:
        return [Who("creds", raw["creds"], b.loc("cases", index, "creds"))]
    return [Who("token", raw["token"], b.loc("cases", index, "token"))]


def _targets(raw: dict) -> list:
    target = raw.get("target", "own")
    targets = target if isinstance(target, list) else [target]
    return [t if isinstance(t, str) else flatten_target(t) for t in targets]


def _items(b: _Builder, index: int, key: str, values: list) -> list[tuple[str, Location]]:
    """Each list item with its own position (the list node is found once)."""
    node, _ = node_at(b.root, ("cases", index, key))
    return [(value, item.location(b.where)) for value, item in zip(values, node.value, strict=True)]


def _cases(b: _Builder, index: int, raw: dict) -> list[Case]:
    name = raw.get("name")
    expectations: list[tuple[str, str, Location]] = []  # (action, expect, location of the line)
    if "action" in raw:
        actions = raw["action"]
        if isinstance(actions, list):
            expectations.extend((action, raw["expect"], where) for action, where in _items(b, index, "action", actions))
        else:
            expectations.append((actions, raw["expect"], b.loc("cases", index, "action")))
    for verdict in ("allow", "deny", "error"):
        if verdict in raw:
            expectations.extend((action, verdict, where) for action, where in _items(b, index, verdict, raw[verdict]))
    return [
        Case(who, action, where, target, expect, where, name)
        for who in _who(b, index, raw)
        for target in _targets(raw)
        for action, expect, where in expectations
    ]


def _diff(b: _Builder, index: int, raw: dict, state: StateSpec) -> DiffSpec:
    against = state_spec(raw["against"], b.path.parent, b, ("diff", index, "against"), inherit=state)
    return DiffSpec(against, tuple(_as_tuple(raw.get("persona"))), tuple(_as_tuple(raw.get("action"))) or ("*",),
                    b.loc("diff", index), raw.get("name"))




__all__ = ["load_test_file", "state_spec"]
