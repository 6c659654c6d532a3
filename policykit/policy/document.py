"""Policy documents: a policy file (plus its policy.d overlays) as oslo.policy loads it.

A ``PolicyDocument`` holds what the service ends up with — ``rules``, the effective
check per rule name after every overlay — and, for each rule, where it came from: the
file, the key and value positions, earlier definitions it silently replaced, how a null
was written. Loading follows oslo.policy 6 (``Enforcer._load_policy_file``, ``parse_file_contents``):

* a file is read as YAML (JSON is YAML); the last duplicate key wins;
* a string value is a rule in the policy language, a list is the list syntax, a null
  (``name:``, ``~``, ``null``, an unquoted ``!``) allows everyone;
* ``true`` / numbers / dates cannot be read: oslo raises TypeError at load, so the
  service cannot start (``false`` and ``0`` are falsy and allow everyone);
* each policy directory is read in sorted filename order (plain files, no dotfiles,
  any extension); later files override earlier ones and all override the main file.

What makes a file unusable (YAML syntax errors, tabs, a top-level list or scalar,
several documents) raises ``InputError`` with path:line:col. A value oslo cannot load
is a ``DocumentProblem`` with ``fatal=True``; ``load_policy_document`` raises it as an
``InputError`` unless ``strict=False`` (the linter wants to see every rule anyway).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Sequence

from policykit.errors import InputError
from policykit.findings import Location
from policykit.policy.ast import Check
from policykit.policy.listsyntax import RuleTypeError
from policykit.policy.parser import RuleNestingError, parse_rule
from policykit.sources import Node, SourceDocument, parse_text, read_text, to_python

__all__ = [
    "DocumentProblem", "PolicyDocument", "PolicyFile", "RuleDefinition", "load_policy_document",
    "policy_document_from_text", "policy_file_from_text",
]


@dataclass
class DocumentProblem:
    """Something about a file's content (not a single rule's syntax) worth telling.

    ``kind`` is stable: ``non-string-value`` (fatal: oslo raises TypeError at load),
    ``too-deeply-nested`` (fatal: oslo raises RecursionError at load),
    ``non-string-key`` (oslo keeps the key, but no service asks for a non-string name),
    ``empty-top-level`` (a falsy top-level value such as ``[]`` or ``0``: no rules).
    """

    kind: str
    message: str
    location: Location
    fatal: bool = False

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(eq=False, slots=True)
class RuleDefinition:
    """One ``name: value`` pair of one file."""

    name: Any  # a str, except when the YAML key is not a string (kept as oslo keeps it)
    raw: Any  # the value yaml.safe_load gives
    check: Check | None  # None when oslo cannot load the value (see ``error``)
    path: str
    key_node: Node
    value_node: Node
    index: int  # position among the file's pairs, duplicates included
    error: str | None = None  # why oslo cannot load this value
    error_kind: str | None = None  # the DocumentProblem kind for ``error``
    # Earlier pairs of the same file with the same key, which this one silently replaces.
    # A tuple: most rules replace nothing, and one empty list per rule adds up in a large file.
    replaces: tuple["RuleDefinition", ...] = ()
    replaced_by: "RuleDefinition | None" = None
    _diagnostics: Sequence | None = field(default=None, repr=False)

    @property
    def key_location(self) -> Location:
        return self.key_node.location(self.path)

    @property
    def value_location(self) -> Location:
        return self.value_node.location(self.path)

    def element_location(self, path: tuple[int, ...] | None) -> Location:
        """The file position of a list-syntax element (a list diagnostic's ``path``)."""
        node = self.value_node
        for index in path or ():
            if node.kind != "sequence" or index >= len(node.value):
                break
            node = node.value[index]
        return node.location(self.path)

    @property
    def null_spelling(self) -> str | None:
        """How a YAML null was written ('' for nothing, '~', 'null', '!'...); None if not null."""
        return self.value_node.source if self.value_node.is_null else None

    @property
    def diagnostics(self) -> Sequence:
        """The parser's diagnostics for this value (computed on first use)."""
        if self._diagnostics is None:
            if self.check is None:
                self._diagnostics = []
            else:
                from policykit.policy.diagnostics import diagnose

                # most rules have none: one shared empty tuple, not an empty list per rule
                self._diagnostics = diagnose(self.raw, self.check) or ()
        return self._diagnostics

    def location_of(self, start: int, end: int) -> Location:
        """The file position of characters ``[start, end)`` of a string rule.

        Exact for plain and quoted one-line values without escapes; otherwise the whole
        value's position.
        """
        node = self.value_node
        if not isinstance(self.raw, str) or node.line != node.end_line:
            return self.value_location
        quote = 1 if node.style in ("'", '"') else 0
        inner = node.source[quote:len(node.source) - quote] if quote else node.source
        if inner != self.raw:
            return self.value_location
        column = node.column + quote
        return Location(self.path, node.line, column + start, node.line, column + end)


@dataclass
class PolicyFile:
    """One file's rules, every pair kept in file order."""

    path: str
    source: SourceDocument
    definitions: list[RuleDefinition]
    problems: list[DocumentProblem]

    @property
    def text(self) -> str:
        return self.source.text

    def effective(self) -> dict[Any, RuleDefinition]:
        """The definitions oslo keeps from this file (the last of each duplicate key)."""
        return {definition.name: definition for definition in self.definitions}


@dataclass
class PolicyDocument:
    """A main policy file and its overlays, merged as oslo.policy merges them."""

    path: str
    files: list[PolicyFile]  # the main file first, then overlays in the order applied

    def __post_init__(self) -> None:
        # The last definition of each name, first-seen order; only names given in more than
        # one file keep a list of the earlier ones (a list per rule would cost more than the rule).
        self.definitions: dict[Any, RuleDefinition] = {}
        self._earlier: dict[Any, list[RuleDefinition]] = {}
        for number, policy_file in enumerate(self.files):
            effective = policy_file.effective()
            if number == 0:  # nothing to replace yet: the main file's table is the start, not copied
                self.definitions = effective
                continue
            for name, definition in effective.items():
                previous = self.definitions.get(name)
                if previous is not None:
                    self._earlier.setdefault(name, []).append(previous)
                self.definitions[name] = definition

    @cached_property
    def rules(self) -> dict[Any, Check]:
        """The check per effective name, built when first asked (lint reads the definitions
        and never needs this second table of a large file).

        A value oslo cannot load has no check; such a file stops the service from loading
        any rule, so these names are left out rather than guessed.
        """
        return {name: definition.check for name, definition in self.definitions.items() if definition.check is not None}

    @property
    def problems(self) -> list[DocumentProblem]:
        return [problem for policy_file in self.files for problem in policy_file.problems]

    @property
    def errors(self) -> list[DocumentProblem]:
        """Problems that make oslo.policy fail to load the policy."""
        return [problem for problem in self.problems if problem.fatal]

    def provenance(self, name) -> list[RuleDefinition]:
        """Every effective definition of ``name`` in the order applied; the last one wins."""
        if name not in self.definitions:
            return []
        return [*self._earlier.get(name, ()), self.definitions[name]]

    @property
    def history(self) -> dict[Any, list[RuleDefinition]]:
        """Every name with its effective definitions in the order applied."""
        return {name: self.provenance(name) for name in self.definitions}

    def overridden(self) -> dict[Any, list[RuleDefinition]]:
        """Names defined in more than one file, with the definitions that lost."""
        return {name: list(earlier) for name, earlier in self._earlier.items()}

    def raise_errors(self) -> None:
        """Raise the first fatal problem as an InputError (what oslo would fail on)."""
        errors = self.errors
        if errors:
            first = errors[0]
            hint = "quote the value to make it a rule string" if first.kind == "non-string-value" else None
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise InputError(first.message + more, first.location, hint)


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _definition(path: str, index: int, key: Node, value: Node, problems: list[DocumentProblem],
                parsed: dict[str, Check]) -> RuleDefinition:
    if key.kind != "scalar":
        raise InputError("a rule name must be a string, not a YAML " + key.kind, key.location(path),
                         hint="write each rule as \"name\": \"rule\"")
    name = key.value
    if not isinstance(name, str):
        problems.append(DocumentProblem(
            "non-string-key",
            f"rule name {key.source} is read as {_a(type(name).__name__)}, not a string: no service looks it up",
            key.location(path),
        ))
    raw = value.value if value.kind == "scalar" else to_python(value)
    error = error_kind = None
    check = None
    try:
        # Real files repeat a few rule strings many times (neutron: 372 rules, 74 texts).
        # Trees are never changed once built, so one file's equal strings share one.
        if type(raw) is str:
            check = parsed.get(raw)
            if check is None:
                check = parsed[raw] = parse_rule(raw)
        else:
            check = parse_rule(raw)
    except RuleTypeError:
        error_kind = "non-string-value"
        error = (f"the value of {name!r} is {_a(type(raw).__name__)} ({value.source}), not a rule: "
                 "oslo.policy raises TypeError when it loads this file")
    except RuleNestingError as exc:
        error_kind = "too-deeply-nested"
        error = f"the rule {name!r} cannot be loaded: {exc}"
    return RuleDefinition(name, raw, check, path, key, value, index, error, error_kind)


def _value_problems(path: str, definitions: list[RuleDefinition]) -> list[DocumentProblem]:
    """Values oslo cannot load; fatal only when no later duplicate key hides them."""
    problems = []
    for definition in definitions:
        if definition.error is None:
            continue
        kind = definition.error_kind or "non-string-value"
        if definition.replaced_by is None:
            problems.append(DocumentProblem(kind, definition.error, definition.value_location, fatal=True))
        else:
            message = (f"{definition.error.split(':')[0]}, but a later {definition.name!r} replaces it, "
                       "so oslo.policy never reads it")
            problems.append(DocumentProblem(kind, message, definition.value_location))
    return problems


_SYNTAX_HINTS = (
    ("another document", "a policy file is a single YAML document: remove the '---' line, or split the file"),
    ("mapping values are not allowed", 'quote the rule: a value that contains ": " must be written "like: this"'),
    ("expected ',' or '}'", 'check the commas and quotes around this position: every pair is "name": "rule"'),
)


def _with_hint(error: InputError) -> InputError:
    if error.hint is None:
        for needle, hint in _SYNTAX_HINTS:
            if needle in error.message:
                error.hint = hint
                break
        else:
            error.hint = ("fix the syntax at this position: the service cannot load this file, so every "
                          "policy check it makes fails")
    return error


def policy_file_from_text(text: str, path: str) -> PolicyFile:
    """One policy file's definitions; InputError (path:line:col) when it cannot be used."""
    try:
        source = parse_text(text, path)
    except InputError as error:
        raise _with_hint(error) from None
    root = source.root
    problems: list[DocumentProblem] = []
    definitions: list[RuleDefinition] = []
    if root is None:
        return PolicyFile(path, source, definitions, problems)
    if root.kind != "mapping":
        value = to_python(root)
        if value:
            what = "a list" if root.kind == "sequence" else f"a single {type(value).__name__} value"
            raise InputError(
                f"a policy file must be a mapping of rule names to rules, but this file is {what}",
                root.location(path),
                hint='write one "name": "rule" pair per line (YAML) or a JSON object',
            )
        written = text[root.start_index:root.end_index].strip() or repr(value)
        problems.append(DocumentProblem(
            "empty-top-level", f"the file holds only {written}, not a mapping: oslo reads it as no rules",
            root.location(path),
        ))
        return PolicyFile(path, source, definitions, problems)
    latest: dict[Any, RuleDefinition] = {}
    parsed: dict[str, Check] = {}
    for index, (key, value) in enumerate(root.value):
        definition = _definition(path, index, key, value, problems, parsed)
        definitions.append(definition)
        try:
            earlier = latest.get(definition.name)
        except TypeError:  # an unhashable key never gets here: yaml rejects it too
            earlier = None
        if earlier is not None:
            definition.replaces = (*earlier.replaces, earlier)
            earlier.replaced_by = definition
        latest[definition.name] = definition
    problems.extend(_value_problems(path, definitions))
    return PolicyFile(path, source, definitions, problems)


def policy_document_from_text(text: str, path: str = "<policy>") -> PolicyDocument:
    """A document from one file's text (no overlays); value problems are kept, not raised."""
    return PolicyDocument(path, [policy_file_from_text(text, path)])


def overlay_files(directory: str | Path) -> list[Path]:
    """The files oslo reads from one policy directory, in the order it applies them."""
    directory = Path(directory)
    if not directory.exists():
        return []
    if not directory.is_dir():
        raise InputError(f"{directory} is not a directory (it is listed as a policy directory)",
                         Location(str(directory)), hint="list directories of override files, not files")
    with os.scandir(directory) as entries:
        entries = list(entries)
    for entry in entries:
        # oslo stats every entry (dotfiles too) to see whether the directory changed: a
        # dangling symlink makes every load, so every policy check, raise.
        if entry.is_symlink() and not os.path.exists(entry.path):
            raise InputError(f"{entry.path} is a symlink to a file that does not exist",
                             Location(entry.path), hint="remove the link or restore its target: oslo.policy "
                             "raises FileNotFoundError on every policy check while it is there")
    names = sorted(entry.name for entry in entries if not entry.is_dir())
    return [directory / name for name in names if not name.startswith(".")]


def load_policy_document(path: str | Path, policy_dirs: Iterable[str | Path] = (), *, strict: bool = True,
                         missing_ok: bool = False) -> PolicyDocument:
    """Load a policy file and its overlay directories as oslo.policy does.

    Relative ``policy_dirs`` that do not exist from the current directory are taken
    relative to the policy file's directory (oslo finds them through the service's
    config directories, usually the same place). Missing directories are skipped, as
    oslo skips them. With ``strict`` (the default) a value oslo cannot load raises
    ``InputError``. A missing policy file is an ``InputError`` unless ``missing_ok``:
    oslo then runs on the overlays (and registered defaults) alone.
    """
    path = Path(path)
    if missing_ok and not path.exists():
        files = []
    else:
        files = [policy_file_from_text(read_text(path), str(path))]
    for directory in policy_dirs:
        directory = Path(directory)
        if not directory.is_absolute() and not directory.exists():
            directory = path.parent / directory
        for overlay in overlay_files(directory):
            files.append(policy_file_from_text(read_text(overlay), str(overlay)))
    document = PolicyDocument(str(path), files)
    if strict:
        document.raise_errors()
    return document
