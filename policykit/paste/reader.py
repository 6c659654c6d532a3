"""Read a paste ini file exactly as PasteDeploy 3.1.0 does, keeping positions.

PasteDeploy reads with ``configparser.ConfigParser(strict=True)`` (``optionxform = str``,
``=`` and ``:`` delimiters, full-line ``#``/``;`` comments only, indented continuation
lines, ``BasicInterpolation`` with ``here`` and ``__file__`` as defaults). configparser
keeps no line numbers and stops at the first duplicate, so the line layer is scanned
here with configparser's own rules (its section and option regular expressions), every
problem is collected, and the values are then interpolated by configparser's own
``BasicInterpolation`` — so the interpolated text and the error texts are the standard
library's. ``tests/paste/test_reader.py`` checks the scan against configparser on
generated files.
"""

from __future__ import annotations

import configparser
import os
import re
from collections import ChainMap
from dataclasses import dataclass, field

from policykit.errors import InputError
from policykit.findings import Location
from policykit.paste.document import Key, PREFIX_KINDS, PasteFile, ProblemKind, ReadProblem, Section, SectionKind
from policykit.sources import read_text

_SECTION_RE = configparser.ConfigParser.SECTCRE
OPTION_RE = re.compile(configparser.ConfigParser._OPT_TMPL.format(delim="=|:"), re.VERBOSE)
_COMMENT_PREFIXES = ("#", ";")
DEFAULT_SECTION = "DEFAULT"


def section_kind(header: str) -> tuple[str | None, str, SectionKind]:
    """(prefix, name, kind) of a section header, as PasteDeploy's prefix matching sees it."""
    if header == DEFAULT_SECTION:
        return None, header, SectionKind.DEFAULT
    if ":" not in header:
        return None, header.strip(), SectionKind.UNKNOWN
    prefix, name = header.split(":", 1)
    return prefix, name.strip(), PREFIX_KINDS.get(prefix, SectionKind.UNKNOWN)


@dataclass
class _KeyDraft:
    name: str
    lines: list[str]
    line: int
    column: int
    value_column: int
    end_line: int
    value_line: int


@dataclass
class _SectionDraft:
    header: str
    line: int
    keys: dict[str, _KeyDraft] = field(default_factory=dict)
    duplicates: list[_KeyDraft] = field(default_factory=list)


def split_lines(text: str) -> list[str]:
    """Lines as a text-mode file yields them (universal newlines already applied)."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def read_paste_text(text: str, path: str, *, relaxed_interpolation: bool = False) -> PasteFile:
    """Model of ``text`` as if it were the file at ``path`` (absolute)."""
    problems: list[ReadProblem] = []
    sections: dict[str, _SectionDraft] = {}
    duplicate_sections: list[_SectionDraft] = []
    defaults = _SectionDraft(DEFAULT_SECTION, 0)
    current: _SectionDraft | None = None
    key: _KeyDraft | None = None
    indent_level = 0
    header_missing_reported = False

    for lineno, line in enumerate(split_lines(text), start=1):
        stripped = line.strip()
        is_comment = any(stripped.startswith(p) for p in _COMMENT_PREFIXES)
        value = "" if is_comment else stripped
        if not value:
            # configparser keeps blank lines inside a value (trimmed at the end), not comments
            if not is_comment and current is not None and key is not None:
                key.lines.append("")
            continue
        first = re.search(r"\S", line)
        cur_indent = first.start() if first else 0
        if current is not None and key is not None and cur_indent > indent_level:
            key.lines.append(value)
            key.end_line = lineno
            if len(key.lines) == 1 or all(not part for part in key.lines[:-1]):
                key.value_line, key.value_column = lineno, cur_indent + 1
            continue
        indent_level = cur_indent
        match = _SECTION_RE.match(value)
        if match:
            header = match.group("header")
            key = None
            if header == DEFAULT_SECTION:
                current = defaults
            elif header in sections:
                draft = _SectionDraft(header, lineno)
                duplicate_sections.append(draft)
                first_line = sections[header].line
                problems.append(ReadProblem(
                    ProblemKind.DUPLICATE_SECTION,
                    f"section [{header}] is defined twice (first at line {first_line}); "
                    "configparser refuses the whole file (DuplicateSectionError)",
                    Location(path, lineno, cur_indent + 1),
                    hint=f"merge the two [{header}] sections or rename one"))
                current = draft
            else:
                current = sections[header] = _SectionDraft(header, lineno)
            continue
        if current is None:
            if not header_missing_reported:
                header_missing_reported = True
                problems.append(ReadProblem(
                    ProblemKind.MISSING_SECTION_HEADER,
                    "the file does not start with a [section] header; configparser refuses it "
                    "(MissingSectionHeaderError: File contains no section headers)",
                    Location(path, lineno, cur_indent + 1),
                    hint="put this line inside a section such as [app:main], or delete it"))
            continue
        match = OPTION_RE.match(value)
        if not match:
            problems.append(ReadProblem(
                ProblemKind.NO_DELIMITER,
                f"line {value!r} has no '=' or ':' — configparser refuses the file (ParsingError)",
                Location(path, lineno, cur_indent + 1),
                hint="write 'name = value'; an inline comment or a value meant to continue the "
                     "previous line must be indented further than its key"))
            continue  # configparser keeps the previous key open for continuation lines
        name = match.group("option").rstrip()
        optval = match.group("value").strip()
        draft_key = _KeyDraft(name, [optval], lineno, cur_indent + 1,
                              cur_indent + match.start("value") + 1, lineno, lineno)
        if not name:
            problems.append(ReadProblem(
                ProblemKind.NO_DELIMITER,
                f"line {value!r} has a value but no key name — configparser refuses the file (ParsingError)",
                Location(path, lineno, cur_indent + 1)))
        if name in current.keys:
            first_line = current.keys[name].line
            problems.append(ReadProblem(
                ProblemKind.DUPLICATE_OPTION,
                f"key '{name}' is set twice in [{current.header}] (first at line {first_line}); "
                "configparser refuses the whole file (DuplicateOptionError)",
                Location(path, lineno, cur_indent + 1),
                hint="keep one of the two lines"))
            current.duplicates.append(draft_key)
        else:
            current.keys[name] = draft_key
        # configparser continues only a key with a name: after "= value" an indented line is a new key.
        key = draft_key if name else None

    return _build(path, text, sections, duplicate_sections, defaults, problems, relaxed_interpolation)


def read_paste_file(path: str | os.PathLike, *, relaxed_interpolation: bool = False) -> PasteFile:
    """Read ``path``; an unreadable file gives a model with one UNREADABLE problem."""
    absolute = os.path.abspath(os.fspath(path))
    try:
        text = read_text(absolute, "paste file",
                         universal_newlines=True)
    except InputError as exc:
        reason = exc.message
        empty = Section(DEFAULT_SECTION, None, DEFAULT_SECTION, SectionKind.DEFAULT, absolute, 0, ())
        problem = ReadProblem(ProblemKind.UNREADABLE, f"cannot read the file: {reason}", Location(absolute))
        return PasteFile(absolute, "", empty, (), (), (problem,), relaxed_interpolation)
    return read_paste_text(text, absolute, relaxed_interpolation=relaxed_interpolation)


def _raw_value(draft: _KeyDraft) -> str:
    return "\n".join(draft.lines).rstrip()


def _build(path, text, sections, duplicate_sections, defaults, problems, relaxed) -> PasteFile:
    here = os.path.dirname(path)
    raw_defaults = {"here": here, "__file__": path}
    raw_defaults.update({name: _raw_value(k) for name, k in defaults.keys.items()})
    interpolation = configparser.BasicInterpolation()

    def interpolate(header: str, draft: _KeyDraft, raw_section: dict[str, str]) -> tuple[str | None, str | None, ProblemKind | None]:
        raw = _raw_value(draft)
        if relaxed and "%(" not in raw:
            return raw, None, None
        mapping = ChainMap({}, raw_section, raw_defaults)
        try:
            return interpolation.before_get(_RawParser(header, raw_section, raw_defaults), header, draft.name, raw, mapping), None, None
        except configparser.InterpolationMissingOptionError as exc:
            return None, f"Error in file {path}: {exc}", ProblemKind.INTERPOLATION_MISSING
        except configparser.InterpolationDepthError as exc:
            return None, f"Error in file {path}: {exc}", ProblemKind.INTERPOLATION_DEPTH
        except configparser.InterpolationSyntaxError as exc:
            return None, f"Error in file {path}: {exc}", ProblemKind.INTERPOLATION_SYNTAX

    def build_section(draft: _SectionDraft) -> Section:
        prefix, name, kind = section_kind(draft.header)
        raw_section = {n: _raw_value(k) for n, k in draft.keys.items()} if draft.header != DEFAULT_SECTION else {}
        keys = []
        for key_draft in draft.keys.values():
            value, error, problem_kind = interpolate(draft.header, key_draft, raw_section)
            key = _make_key(path, draft.header, key_draft, value, error)
            keys.append(key)
            if error is not None:
                problems.append(_interpolation_problem(key, problem_kind, error))
        dups = tuple(_make_key(path, draft.header, k, _raw_value(k), None) for k in draft.duplicates)
        return Section(draft.header, prefix, name, kind, path, draft.line, tuple(keys), dups)

    default_section = build_section(defaults)
    built = tuple(build_section(d) for d in sections.values())
    dup_built = tuple(build_section(d) for d in duplicate_sections)
    problems.sort(key=lambda p: (p.location.line or 0, p.location.column or 0))
    return PasteFile(path, text, default_section, built, dup_built, tuple(problems), relaxed)


class _RawParser:
    """The two things BasicInterpolation asks of its parser: the raw value and optionxform."""

    def __init__(self, header: str, raw_section: dict[str, str], raw_defaults: dict[str, str]):
        self._values = ChainMap(raw_section, raw_defaults)

    def get(self, section, option, *, raw=False, fallback=None):
        return self._values.get(option, fallback)

    @staticmethod
    def optionxform(name: str) -> str:
        return name


def _make_key(path: str, header: str, draft: _KeyDraft, value: str | None, error: str | None) -> Key:
    raw = _raw_value(draft)
    return Key(name=draft.name, raw=raw, value=value, path=path, line=draft.line, column=draft.column,
               value_line=draft.value_line, value_column=draft.value_column, end_line=draft.end_line,
               section=header, interpolation_error=error)


def _interpolation_problem(key: Key, kind: ProblemKind, error: str) -> ReadProblem:
    detail = error.split(": ", 1)[1] if ": " in error else error
    if kind is ProblemKind.INTERPOLATION_SYNTAX:
        message = (f"'%' in the value of '{key.name}' must be written '%%' or start '%(name)s' "
                   f"(InterpolationSyntaxError: {detail})")
        hint = "write a literal percent sign as '%%'; Python 3's configparser rejects a bare '%'"
    elif kind is ProblemKind.INTERPOLATION_MISSING:
        missing = re.search(r"interpolation key '([^']*)'", error)
        name = missing.group(1) if missing else "?"
        message = (f"the value of '{key.name}' refers to %({name})s, which is neither a key of "
                   f"[{key.section}] nor of [DEFAULT] (InterpolationMissingOptionError)")
        hint = f"define '{name}' in [DEFAULT], or write '%%({name})s' for the literal text"
    else:
        message = f"the value of '{key.name}' nests interpolations too deeply (InterpolationDepthError)"
        hint = "look for keys that refer to each other through %(name)s"
    return ReadProblem(kind, message, key.value_location, key=key, hint=hint)


# --------------------------------------------------------------------------- what configparser raises


def first_parse_error(paste: PasteFile) -> ReadProblem | None:
    """The problem that makes configparser refuse the file, as ``read_file`` raises it.

    Missing headers and duplicates raise at once, in line order; lines without a
    delimiter are collected and raised at the end of the file.
    """
    immediate = [p for p in paste.problems if p.kind in (ProblemKind.MISSING_SECTION_HEADER,
                                                          ProblemKind.DUPLICATE_SECTION,
                                                          ProblemKind.DUPLICATE_OPTION,
                                                          ProblemKind.UNREADABLE)]
    if immediate:
        return min(immediate, key=lambda p: (p.location.line or 0))
    parsing = [p for p in paste.problems if p.kind is ProblemKind.NO_DELIMITER]
    return parsing[0] if parsing else None
