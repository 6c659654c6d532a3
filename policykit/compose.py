"""YAML events → positioned ``Node`` trees, the way PyYAML's composer builds nodes.

The composer mirrors ``yaml.composer.Composer`` (what ``yaml.safe_load``, so oslo.policy,
uses): one document, anchors registered when their node starts, a duplicate anchor or
an undefined alias is an error, ``<<`` merge keys are flattened as
``SafeConstructor.flatten_mapping`` does. It differs where PyYAML would do unbounded
work or copy:

* it loops instead of recursing, and stops at ``MAX_DEPTH`` levels with the position
  (PyYAML itself raises RecursionError a little below 500);
* an alias is the *same* ``Node`` object as its anchor, never a copy, so a nine-level
  "billion laughs" file costs what it costs PyYAML; each node's ``weight`` counts what
  the node would expand to, so callers that must expand can refuse first;
* an alias to a node that contains it (``a: &a [*a]``) is an error with its position.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent,
)

MAX_DEPTH = 200
NULL_TAG = "tag:yaml.org,2002:null"
STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
MERGE_TAG = "tag:yaml.org,2002:merge"
VALUE_TAG = "tag:yaml.org,2002:value"
_UNSUPPORTED_COLLECTION_TAGS = {"tag:yaml.org,2002:set": "!!set", "tag:yaml.org,2002:omap": "!!omap",
                                "tag:yaml.org,2002:pairs": "!!pairs"}


class NeedsPureLoader(Exception):
    """libyaml met a construct where it and the pure-Python loader disagree."""


class ComposeError(Exception):
    """A document policykit will not build, with the mark where the problem is."""

    def __init__(self, message: str, mark, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.mark = mark
        self.hint = hint


def _scalar_value(constructor, tag: str, event) -> Any:
    if tag == STR_TAG:
        value = event.value
        if not value.isascii():
            _refuse_surrogates(value, event.start_mark)
        return value
    if tag == NULL_TAG:
        return None
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except (KeyError, ValueError, TypeError, OverflowError) as exc:
        # ``!!bool maybe`` is a KeyError inside PyYAML, ``!!int x`` a ValueError: the service
        # cannot load either, so they are read errors with the value's position.
        detail = f" ({exc})" if not isinstance(exc, KeyError) else ""
        raise ComposeError(f"the value {excerpt(event.value)} cannot be read as {tag.rsplit(':', 1)[-1]}{detail}",
                           event.start_mark, "remove the tag or write a value of that type") from None


def _refuse_surrogates(value: str, mark) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        # JSON's "\ud800" escape: a string no UTF-8 file, log or terminal can hold.
        raise ComposeError(f"the string holds a lone surrogate {value[exc.start]!a}, which is not a character",
                           mark, "escape a whole surrogate pair (a character above U+FFFF), or remove it") from None


def excerpt(value: Any, limit: int = 60) -> str:
    """A short ``repr`` of a value for messages: never the whole of a huge value."""
    import reprlib

    shortener = reprlib.Repr()
    shortener.maxstring = shortener.maxother = limit
    shortener.maxlist = shortener.maxdict = shortener.maxset = shortener.maxtuple = 4
    shortener.maxlevel = 3
    return shortener.repr(value)


def _flatten_merges(pairs: list, make_error) -> list:
    """``SafeConstructor.flatten_mapping`` on positioned pairs: merged pairs go first, in
    PyYAML's order, so the mapping's own keys win; ``=`` keys become strings."""
    merged: list = []
    kept: list = []
    for key, value in pairs:
        if key.tag == MERGE_TAG:
            if value.kind == "mapping":
                merged.extend(value.value)
            elif value.kind == "sequence":
                parts = []
                for item in value.value:
                    if item.kind != "mapping":
                        raise make_error(f"expected a mapping for merging, but found {item.kind}", item)
                    parts.append(item.value)
                for part in reversed(parts):
                    merged.extend(part)
            else:
                raise make_error(f"expected a mapping or list of mappings for merging, but found {value.kind}", value)
        else:
            if key.tag == VALUE_TAG:
                key.tag = STR_TAG
            kept.append((key, value))
    return merged + kept


def _check_anchor(event, anchors: dict, exact: bool) -> None:
    if event.anchor is not None and event.anchor in anchors:
        raise ComposeError(f"found duplicate anchor {event.anchor!r}", event.start_mark)
    if not exact and event.tag is not None:
        raise NeedsPureLoader


def _check_collection_tag(tag: str, mapping: bool, mark) -> None:
    if tag == (MAP_TAG if mapping else SEQ_TAG):
        return
    name = _UNSUPPORTED_COLLECTION_TAGS.get(tag)
    if name is not None:
        raise ComposeError(f"policykit does not read {name} values", mark, "write a plain list or mapping instead")
    if tag in (MAP_TAG, SEQ_TAG):
        wanted, found = ("sequence", "mapping") if tag == SEQ_TAG else ("mapping", "sequence")
        raise ComposeError(f"expected a {wanted} node, but found {found}", mark)
    raise ComposeError(f"could not determine a constructor for the tag {tag!r}", mark)


def compose(loader, text: str, exact: bool, node_class) -> Any:
    """The root ``node_class`` of the single document in ``loader``'s stream (None if empty)."""
    constructor = yaml.constructor.SafeConstructor()
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        loader.get_event()
        return None
    document_start = loader.get_event()
    anchors: dict[str, Any] = {}
    # Equal strings share one object: a large policy file repeats the same few rule texts.
    strings: dict[str, str] = {}
    # Each open collection: [node, items, is_mapping, pending_key]
    stack: list[list] = []
    root = None

    def make_error(message, node):
        mark = yaml.Mark("", node.start_index, node.line - 1, node.column - 1, None, None)
        return ComposeError(message, mark)

    def attach(node):
        nonlocal root
        if not stack:
            root = node
            return
        frame = stack[-1]
        if frame[2]:
            if frame[3] is None:
                frame[3] = node
                return
            frame[1].append((frame[3], node))
            frame[3] = None
        else:
            frame[1].append(node)

    while True:
        event = loader.get_event()
        if isinstance(event, AliasEvent):
            target = anchors.get(event.anchor)
            if target is None:
                raise ComposeError(f"found undefined alias {event.anchor!r}", event.start_mark)
            if any(frame[0] is target for frame in stack):
                raise ComposeError(f"the alias *{event.anchor} refers to a node that contains it: the value would "
                                   "be infinitely deep", event.start_mark, "replace the alias with the value it means")
            attach(target)
        elif isinstance(event, ScalarEvent):
            _check_anchor(event, anchors, exact)
            if not exact and event.style in ("|", ">"):
                raise NeedsPureLoader
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            start, end = event.start_mark, event.end_mark
            node = node_class("scalar", tag, start.line + 1, start.column + 1, end.line + 1, end.column + 1,
                              start.index, end.index, None, text, event.style, 1)
            if tag in (MERGE_TAG, VALUE_TAG):
                # ``<<`` and ``=`` only mean something as mapping keys; elsewhere PyYAML
                # has no constructor for them.
                if not (stack and stack[-1][2] and stack[-1][3] is None):
                    raise ComposeError(f"could not determine a constructor for the tag {tag!r}", start)
                node.value = event.value
            elif tag == STR_TAG:
                value = _scalar_value(constructor, tag, event)
                node.value = strings.setdefault(value, value)
            else:
                node.value = _scalar_value(constructor, tag, event)
            if event.anchor is not None:
                anchors[event.anchor] = node
            attach(node)
        elif isinstance(event, (SequenceStartEvent, MappingStartEvent)):
            _check_anchor(event, anchors, exact)
            start = event.start_mark
            mapping = isinstance(event, MappingStartEvent)
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.MappingNode if mapping else yaml.SequenceNode, None, event.implicit)
            _check_collection_tag(tag, mapping, start)
            if len(stack) >= MAX_DEPTH:
                raise ComposeError(
                    f"nested more than {MAX_DEPTH} levels deep: policykit reads at most {MAX_DEPTH} (PyYAML, "
                    "which the services use, raises RecursionError at about 490)", start,
                    "flatten the structure")
            node = node_class("mapping" if mapping else "sequence", tag, start.line + 1, start.column + 1, 0, 0,
                              start.index, 0, None, text, event.flow_style, 1)
            if event.anchor is not None:
                anchors[event.anchor] = node
            stack.append([node, [], mapping, None])
        elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            node, items, mapping, _ = stack.pop()
            end = event.end_mark
            node.end_line, node.end_column, node.end_index = end.line + 1, end.column + 1, end.index
            if mapping:
                for key, _ in items:
                    if key.kind != "scalar":  # a list or mapping as a key: PyYAML cannot hash it
                        raise make_error("found unhashable key (a YAML " + key.kind + ")", key)
                if any(key.tag == MERGE_TAG or key.tag == VALUE_TAG for key, _ in items):
                    items = _flatten_merges(items, make_error)
            node.value = items
            if mapping:
                node.weight = 1 + sum(key.weight + value.weight for key, value in items)
            else:
                node.weight = 1 + sum(item.weight for item in items)
            attach(node)
        if root is not None and not stack:
            loader.get_event()  # document end
            break
    if not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        raise yaml.composer.ComposerError("expected a single document in the stream", document_start.start_mark,
                                          "but found another document", event.start_mark)
    loader.get_event()
    return root
