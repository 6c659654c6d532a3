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

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

from policykit.compose import MAX_DEPTH, NULL_TAG, ComposeError, NeedsPureLoader, compose, excerpt
from policykit.errors import InputError
from policykit.findings import Location

__all__ = [
    "DEFAULT_MAX_FILE_SIZE", "MAX_DEPTH", "Node", "SourceDocument", "excerpt", "load_document", "max_file_size",
    "parse_text", "read_bytes", "read_text", "set_max_file_size", "to_python", "write_text",
]

_FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024
MAX_FILE_SIZE_ENV = "POLICYKIT_MAX_FILE_SIZE"
# Aliases may make a file mean far more values than it spells out; past this many, readers
# that must expand them (creds, targets, fmt, deployments) refuse instead of expanding.
MAX_EXPANSION = 1_000_000
_max_file_size: int | None = None


_BITS = 40  # per position number: a file of up to a terabyte, far past any size policykit reads
_MASK = (1 << _BITS) - 1
_START, _END, _LINE, _COLUMN, _END_LINE, _END_COLUMN = (i * _BITS for i in range(6))


def _position(shift: int) -> property:
    def get(node: "Node") -> int:
        return (node._pos >> shift) & _MASK

    def set_(node: "Node", number: int) -> None:
        node._pos = (node._pos & ~(_MASK << shift)) | (number << shift)

    return property(get, set_)


class Node:
    """One YAML node with its position (0-based offsets; 1-based line and column).

    An alias is the same ``Node`` object as its anchor: trees are shared, never copied.
    The six position numbers are packed into one int: a large file has a node per key and
    per value, and six slots plus their int objects cost more than the node itself.
    """

    __slots__ = ("kind", "tag", "_pos", "value", "text", "style", "weight")
    __hash__ = None  # compared by value, as the dataclass it replaces

    def __init__(self, kind: str, tag: str, line: int, column: int, end_line: int, end_column: int,
                 start_index: int, end_index: int, value: Any = None, text: str = "", style: str | None = None,
                 weight: int = 1):
        self.kind = kind  # "mapping" | "sequence" | "scalar"
        self.tag = tag
        self._pos = (start_index | end_index << _END | line << _LINE | column << _COLUMN
                     | end_line << _END_LINE | end_column << _END_COLUMN)
        # scalar: the constructed Python value; sequence: list[Node];
        # mapping: list[tuple[Node, Node]] with every duplicate kept, in order.
        self.value = value
        self.text = text  # the whole file's text
        self.style = style
        self.weight = weight  # how many nodes this one expands to

    start_index = _position(_START)
    end_index = _position(_END)
    line = _position(_LINE)
    column = _position(_COLUMN)
    end_line = _position(_END_LINE)
    end_column = _position(_END_COLUMN)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return ((self.kind, self.tag, self._pos, self.value, self.style)
                == (other.kind, other.tag, other._pos, other.value, other.style))

    def __repr__(self) -> str:
        return (f"Node(kind={self.kind!r}, tag={self.tag!r}, line={self.line}, column={self.column}, "
                f"end_line={self.end_line}, end_column={self.end_column}, start_index={self.start_index}, "
                f"end_index={self.end_index}, value={self.value!r}, style={self.style!r}, weight={self.weight})")

    @property
    def source(self) -> str:
        """The node as written ('' for an empty value, '~', 'null', '!' ...)."""
        return self.text[self.start_index:self.end_index]

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

    @property
    def lines(self) -> list[str]:
        """The text's lines, split when asked (a second copy of a large file costs as much as the file)."""
        return self.text.splitlines()

    def location(self, node: Node) -> Location:
        return node.location(self.path)

    @property
    def expanded_size(self) -> int:
        """How many values the file means once every alias is expanded."""
        return self.root.weight if self.root is not None else 0

    def refuse_expansion(self, what: str = "this file") -> None:
        """Raise when expanding the aliases would mean more than ``MAX_EXPANSION`` values.

        A file that spells its values out (no alias adds any: at most one value per
        character) is never refused, however large: a deployment of 100,000 users means
        two million values and costs what reading it costs.
        """
        if self.expanded_size > max(MAX_EXPANSION, len(self.text)):
            raise InputError(
                f"the aliases in {what} expand to {self.expanded_size:,} values, more than the "
                f"{MAX_EXPANSION:,} policykit expands", self.location(self.root),
                hint="write the values out instead of nesting aliases of aliases")


def to_python(node: Node | None) -> Any:
    """The value ``yaml.safe_load`` gives for this node (the last duplicate key wins).

    Aliased nodes become the same Python object, as with ``yaml.safe_load``.
    """
    if node is None:
        return None
    return _to_python(node, {})


def _to_python(node: Node, memo: dict) -> Any:
    if node.kind == "scalar":
        return node.value
    known = memo.get(id(node))
    if known is not None:
        return known
    if node.kind == "mapping":
        result: Any = {}
        memo[id(node)] = result
        for key, value in node.value:
            result[_to_python(key, memo)] = _to_python(value, memo)
        return result
    result = []
    memo[id(node)] = result
    result.extend(_to_python(item, memo) for item in node.value)
    return result


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
        return compose(loader, text, exact, Node)
    finally:
        loader.dispose()


def parse_text(text: str, path: str) -> SourceDocument:
    """Parse YAML (or JSON) text; raise ``InputError`` with path:line:col when it cannot be read."""
    try:
        # A byte-order mark after the first character: libyaml skips it, PyYAML keeps it.
        if "\t" in text or text.find("\ufeff", 1) >= 0 or _FastLoader is yaml.SafeLoader:
            root = _compose(text, yaml.SafeLoader, exact=True)
        else:
            try:
                root = _compose(text, _FastLoader, exact=False)
            except (NeedsPureLoader, yaml.YAMLError):
                root = _compose(text, yaml.SafeLoader, exact=True)
    except yaml.YAMLError as exc:
        raise _syntax_error(path, text, exc) from None
    except ComposeError as exc:
        raise InputError(f"cannot parse {Path(path).name}: {exc.message}", _mark_location(path, exc.mark),
                         exc.hint) from None
    except RecursionError:  # PyYAML's scanner on pathological input (the composer does not recurse)
        raise InputError(f"cannot parse {Path(path).name}: nested too deeply", Location(path),
                         hint=f"policykit reads at most {MAX_DEPTH} levels") from None
    return SourceDocument(path, text, root)


def max_file_size() -> int:
    """The largest file policykit reads: ``set_max_file_size``, else $POLICYKIT_MAX_FILE_SIZE, else 16 MiB."""
    if _max_file_size is not None:
        return _max_file_size
    configured = os.environ.get(MAX_FILE_SIZE_ENV)
    if configured:
        try:
            return parse_size(configured)
        except ValueError:
            raise InputError(f"{MAX_FILE_SIZE_ENV}={configured!r} is not a size",
                             hint="write a number of bytes, optionally with K, M or G (e.g. 64M)") from None
    return DEFAULT_MAX_FILE_SIZE


def set_max_file_size(size: int | None) -> None:
    global _max_file_size
    _max_file_size = size


def parse_size(text: str) -> int:
    """``1048576``, ``512K``, ``64M``, ``1G`` (binary units) → bytes."""
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    factor = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(text[-1:], 1)
    number = text[:-1] if factor != 1 else text
    if not number.isdigit() or len(number) > 15:
        raise ValueError(text)
    return int(number) * factor


def _human(size: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit}"
    return f"{size:,} bytes"


_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: str | Path, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``max_file_size()`` bytes; ``InputError`` otherwise.

    Opened without blocking (a FIFO with no writer would wait forever) and checked with
    ``fstat`` on the open descriptor, so what is checked is what is read. ``what`` names
    the file's role in messages ("policy file", "--creds file" ...).
    """
    limit = max_file_size()
    name = os.fsdecode(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(f"no such file: {name}", hint=f"check the path of the {what}") from None
    except OSError as exc:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            raise InputError(f"{name} is {_kind(mode)}, not a regular file", hint=f"give a regular file as the {what}") from None
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name} is {_kind(info.st_mode)}, not a regular file",
                             hint=f"give a regular file as the {what}")
        if info.st_size > limit:
            raise InputError(_too_big(name, info.st_size, limit), hint=_size_hint())
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while being read
                raise InputError(_too_big(name, total, limit), hint=_size_hint())
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _too_big(name: str, size: int, limit: int) -> str:
    return f"{name} is larger than the {_human(limit)} policykit reads ({size:,} bytes or more)"


def _size_hint() -> str:
    return f"raise the limit with --max-file-size SIZE or ${MAX_FILE_SIZE_ENV} (e.g. 64M) if the file is genuine"


def read_text(path: str | Path, what: str = "file", *, universal_newlines: bool = False) -> str:
    """``read_bytes`` decoded as UTF-8; with ``universal_newlines`` CRLF and CR become LF, as
    ``open(path)`` in text mode gives them (what configparser-based readers see)."""
    raw = read_bytes(path, what)
    try:
        text = raw.decode("utf-8")
        return text.replace("\r\n", "\n").replace("\r", "\n") if universal_newlines else text
    except UnicodeDecodeError as exc:
        raise InputError(f"{os.fsdecode(path)} is not UTF-8 text (byte {exc.start})", Location(os.fsdecode(path))) from None


def load_document(path: str | Path, what: str = "file") -> SourceDocument:
    return parse_text(read_text(path, what), os.fsdecode(path))


_WRITE_PROBLEMS = {
    errno.ENOENT: ("the folder {parent} does not exist", "create it first, or write somewhere else"),
    errno.ENOTDIR: ("{parent} is not a folder", "write somewhere else"),
    errno.EISDIR: ("it is a directory", "name a file, not a folder"),
    errno.EACCES: ("permission denied", "write somewhere you may write, or change the permissions"),
    errno.EPERM: ("permission denied", "write somewhere you may write, or change the permissions"),
    errno.EROFS: ("the file system is read-only", "write somewhere else"),
    errno.ENOSPC: ("no space left on the device", "free some space, or write somewhere else"),
    errno.EDQUOT: ("disk quota exceeded", "free some space, or write somewhere else"),
    errno.ENAMETOOLONG: ("the file name is too long (at most 255 bytes a name)", "choose a shorter name"),
}


def write_text(path: str | Path, text: str, what: str = "file") -> None:
    """Write ``text`` as UTF-8 (newlines as they are); ``InputError`` saying what to do when the
    file system refuses."""
    name = os.fsdecode(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"cannot write {name}: the {what} holds a lone surrogate {text[exc.start]!a}, which "
                         "UTF-8 cannot encode") from None
    try:
        with open(path, "wb") as stream:
            stream.write(data)
    except OSError as exc:
        parent = os.path.dirname(name) or "."
        problem, hint = _WRITE_PROBLEMS.get(exc.errno, (exc.strerror or str(exc), None))
        if exc.errno == errno.ENOENT and os.path.isdir(parent):
            problem, hint = f"no file can be created in {parent}", "write somewhere else"
        raise InputError(f"cannot write the {what} to {name}: {problem.format(parent=parent)}", hint=hint) from None
