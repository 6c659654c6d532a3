"""Reading YAML and JSON files with positions.

Every key and value of a loaded file knows its path:line:col. Duplicate keys are kept
(in order) so checks can report them; ``to_python`` gives the value the services see,
with the last duplicate winning as ``yaml.safe_load`` does. JSON files are read with
the YAML loader on purpose: oslo.policy 6 reads every policy file with
``yaml.safe_load``, so a JSON file that YAML cannot read (tabs) is a file the service
cannot load either.

libyaml (``CSafeLoader``) is used for speed where it is installed. It agrees with the
pure-Python loader — the one oslo.policy uses — except around explicit tags (``name: !``
is null for the pure-Python loader, ``''`` for libyaml; ``{a: !, ...}`` is an error for
one and not the other), block scalar headers (libyaml reads ``>#`` as a folded scalar, the
pure-Python loader rejects it) and tabs (libyaml accepts them inside flow collections, as in
tab-indented JSON). Text with a tab, and any tree in which libyaml saw an explicit tag or a block scalar,
are therefore read again with the pure-Python loader, so that policykit reads exactly
what the service reads and fails exactly where the service fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml

from policykit.errors import InputError
from policykit.findings import Location

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

NULL_TAG = "tag:yaml.org,2002:null"
_constructor = yaml.constructor.SafeConstructor()


@dataclass(slots=True)
class Node:
    """One YAML node with its position (0-based offsets; 1-based line and column)."""

    kind: str  # "mapping" | "sequence" | "scalar"
    tag: str
    line: int
    column: int
    end_line: int
    end_column: int
    start_index: int
    end_index: int
    # scalar: the constructed Python value; sequence: list[Node];
    # mapping: list[tuple[Node, Node]] with every duplicate kept, in order.
    value: Any = None
    # scalar: the text as written ('' for an empty value, '~', 'null', '!' ...).
    source: str = ""
    style: str | None = None

    @property
    def is_null(self) -> bool:
        return self.kind == "scalar" and self.tag == NULL_TAG

    def items(self) -> Iterator[tuple["Node", "Node"]]:
        if self.kind != "mapping":
            raise TypeError("items() on a non-mapping node")
        return iter(self.value)

    def location(self, path: str) -> Location:
        return Location(path, self.line, self.column, self.end_line, self.end_column)


@dataclass(slots=True)
class SourceDocument:
    path: str
    text: str
    root: Node | None  # None for an empty or comment-only file
    lines: list[str] = field(default_factory=list)

    def location(self, node: Node) -> Location:
        return node.location(self.path)


class _NeedsPureLoader(Exception):
    """libyaml met a construct where it and the pure-Python loader disagree."""


def _scalar(node: yaml.ScalarNode, text: str, exact: bool) -> tuple[Any, str]:
    source = text[node.start_mark.index:node.end_mark.index]
    if not exact and (source.startswith("!") or node.style in ("|", ">")):
        raise _NeedsPureLoader
    if node.tag == NULL_TAG:
        return None, source
    return _constructor.construct_object(node, deep=True), source


def _convert(node: yaml.Node, text: str, exact: bool) -> Node:
    start, end = node.start_mark, node.end_mark
    common = dict(
        line=start.line + 1, column=start.column + 1, end_line=end.line + 1, end_column=end.column + 1,
        start_index=start.index, end_index=end.index, style=getattr(node, "flow_style", None) or getattr(node, "style", None),
    )
    if isinstance(node, yaml.MappingNode):
        if not exact and text.startswith("!", start.index):
            raise _NeedsPureLoader
        pairs = [(_convert(k, text, exact), _convert(v, text, exact)) for k, v in node.value]
        return Node("mapping", node.tag, value=pairs, **common)
    if isinstance(node, yaml.SequenceNode):
        if not exact and text.startswith("!", start.index):
            raise _NeedsPureLoader
        return Node("sequence", node.tag, value=[_convert(item, text, exact) for item in node.value], **common)
    value, source = _scalar(node, text, exact)
    return Node("scalar", node.tag, value=value, source=source, **common)


def to_python(node: Node | None) -> Any:
    """The value ``yaml.safe_load`` gives for this node (the last duplicate key wins)."""
    if node is None:
        return None
    if node.kind == "mapping":
        result = {}
        for key, value in node.value:
            result[to_python(key)] = to_python(value)
        return result
    if node.kind == "sequence":
        return [to_python(item) for item in node.value]
    return node.value


def _mark_location(path: str, mark) -> Location | None:
    if mark is None:
        return None
    return Location(path, mark.line + 1, mark.column + 1)


def _syntax_error(path: str, text: str, exc: yaml.YAMLError) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    hint = None
    if mark is not None and mark.index < len(text) and text[mark.index] == "\t":
        hint = "replace the tab characters with spaces: services read this file with a YAML parser, which rejects tabs"
    elif "found character '@'" in problem or ("'@'" in problem and "cannot start any token" in problem):
        hint = 'quote the value: "@"'
    return InputError(f"cannot parse {Path(path).name}: {problem}", _mark_location(path, mark), hint)


def _compose(text: str, loader_class, exact: bool) -> Node | None:
    loader = loader_class(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    return _convert(root, text, exact) if root is not None else None


def parse_text(text: str, path: str) -> SourceDocument:
    """Parse YAML (or JSON) text; raise ``InputError`` with path:line:col when it cannot be read."""
    try:
        # A byte-order mark after the first character: libyaml skips it, PyYAML keeps it.
        if "\t" in text or text.find("\ufeff", 1) >= 0 or _FastLoader is yaml.SafeLoader:
            root = _compose(text, yaml.SafeLoader, exact=True)
        else:
            try:
                root = _compose(text, _FastLoader, exact=False)
            except (_NeedsPureLoader, yaml.YAMLError):
                root = _compose(text, yaml.SafeLoader, exact=True)
    except yaml.YAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    except (ValueError, TypeError) as exc:  # a scalar the constructor rejects, e.g. a bad timestamp
        raise InputError(f"cannot parse {Path(path).name}: {exc}", Location(path)) from None
    return SourceDocument(path, text, root, text.splitlines())


def read_text(path: str | Path) -> str:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text (byte {exc.start})", Location(str(path))) from None


def load_document(path: str | Path) -> SourceDocument:
    return parse_text(read_text(path), str(path))
