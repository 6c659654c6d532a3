"""The file layer of a paste file, as PasteDeploy 3.1.0's configparser reads it.

``PasteFile``, ``Section``, ``Key``: every section header and key with its
``path:line:column``, raw and interpolated values, and every problem met while reading
(``ReadProblem``) — not only the first one; ``FactorySpec``: how a section names its
factory. Plain data; ``policykit.paste.reader`` builds it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Iterator, Mapping

from policykit.findings import Location


class SectionKind(enum.Enum):
    """What PasteDeploy makes of a section prefix."""

    APP = "app"  # [app:] and [application:]
    COMPOSITE = "composite"  # [composite:] and [composit:]
    PIPELINE = "pipeline"
    FILTER_APP = "filter-app"
    FILTER = "filter"
    SERVER = "server"
    DEFAULT = "DEFAULT"
    UNKNOWN = "unknown"  # any other prefix, a bare [app], or no prefix at all

    @property
    def is_app_like(self) -> bool:
        return self in APP_LIKE_KINDS


APP_LIKE_KINDS = frozenset({SectionKind.APP, SectionKind.COMPOSITE, SectionKind.PIPELINE, SectionKind.FILTER_APP})

# prefix → kind, exactly the prefixes PasteDeploy knows (case-sensitive).
PREFIX_KINDS: Mapping[str, SectionKind] = {
    "app": SectionKind.APP,
    "application": SectionKind.APP,
    "composite": SectionKind.COMPOSITE,
    "composit": SectionKind.COMPOSITE,
    "pipeline": SectionKind.PIPELINE,
    "filter-app": SectionKind.FILTER_APP,
    "filter": SectionKind.FILTER,
    "server": SectionKind.SERVER,
}

# The groups PasteDeploy searches, in order, for an application name; within a group the
# first prefix wins silently, across groups a collision is an "Ambiguous section names" error.
APP_PREFIX_GROUPS: tuple[tuple[str, ...], ...] = (
    ("app", "application"),
    ("composite", "composit"),
    ("pipeline",),
    ("filter-app",),
)
FILTER_PREFIX_GROUPS: tuple[tuple[str, ...], ...] = (("filter",),)
SERVER_PREFIX_GROUPS: tuple[tuple[str, ...], ...] = (("server",),)


class ObjectKind(enum.Enum):
    """What a reference asks for."""

    APP = "application"
    FILTER = "filter"
    SERVER = "server"

    @property
    def prefix_groups(self) -> tuple[tuple[str, ...], ...]:
        return {ObjectKind.APP: APP_PREFIX_GROUPS, ObjectKind.FILTER: FILTER_PREFIX_GROUPS,
                ObjectKind.SERVER: SERVER_PREFIX_GROUPS}[self]

    @property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(p for group in self.prefix_groups for p in group)


@dataclass(frozen=True)
class Key:
    """One ``name = value`` of a section, as configparser stores it.

    ``raw`` is the value with continuation lines joined by ``\\n`` (configparser's form);
    ``value`` is the interpolated value, or None when interpolation fails
    (``interpolation_error`` says why).
    """

    name: str  # case-sensitive, stripped, as written (``set debug`` keeps the ``set ``)
    raw: str
    value: str | None
    path: str
    line: int
    column: int  # 1-based column of the key name
    value_line: int  # where the value starts (the key line, or the first continuation line if empty)
    value_column: int  # 1-based column of the first character of the value
    end_line: int  # last continuation line
    section: str  # the header of its section, e.g. "filter:authtoken" or "DEFAULT"
    interpolation_error: str | None = None

    @property
    def text(self) -> str:
        """The value to use: interpolated when possible, else raw."""
        return self.value if self.value is not None else self.raw

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)

    @property
    def value_location(self) -> Location:
        return Location(self.path, self.value_line, self.value_column)

    @property
    def is_set(self) -> bool:
        return self.name.startswith("set ")

    @property
    def is_get(self) -> bool:
        return self.name.startswith("get ")


@dataclass(frozen=True)
class Section:
    header: str  # text between the brackets, verbatim: "filter: authtoken"
    prefix: str | None  # text before the first ':' (None when there is no ':')
    name: str  # text after the first ':', stripped (PasteDeploy's name)
    kind: SectionKind
    path: str
    line: int
    keys: tuple[Key, ...]  # first occurrence of each key, in file order (configparser keeps the first … and raises)
    duplicate_keys: tuple[Key, ...] = ()  # later occurrences (a DuplicateOptionError each)

    def get(self, name: str) -> Key | None:
        for key in self.keys:
            if key.name == name:
                return key
        return None

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, 1)

    @property
    def label(self) -> str:
        """How messages name the section: ``[filter:authtoken]``."""
        return f"[{self.header}]"


class ProblemKind(enum.Enum):
    """Problems met while reading; each maps to the configparser error PasteDeploy would raise."""

    MISSING_SECTION_HEADER = "missing-section-header"  # MissingSectionHeaderError
    DUPLICATE_SECTION = "duplicate-section"  # DuplicateSectionError
    DUPLICATE_OPTION = "duplicate-option"  # DuplicateOptionError
    NO_DELIMITER = "no-delimiter"  # ParsingError
    INTERPOLATION_SYNTAX = "interpolation-syntax"  # InterpolationSyntaxError (bare %)
    INTERPOLATION_MISSING = "interpolation-missing"  # InterpolationMissingOptionError
    INTERPOLATION_DEPTH = "interpolation-depth"  # InterpolationDepthError
    UNREADABLE = "unreadable"  # OSError / UnicodeDecodeError


@dataclass(frozen=True)
class ReadProblem:
    kind: ProblemKind
    message: str
    location: Location
    key: Key | None = None
    hint: str | None = None

    @property
    def fatal(self) -> bool:
        """True when configparser refuses the whole file (``loadapp`` fails for every root).

        Interpolation errors are not fatal for the file: they fail only the sections that
        read the broken value (and every section, when the value is in [DEFAULT]).
        """
        return self.kind not in (ProblemKind.INTERPOLATION_SYNTAX, ProblemKind.INTERPOLATION_MISSING,
                                 ProblemKind.INTERPOLATION_DEPTH)


@dataclass(frozen=True)
class PasteFile:
    path: str  # absolute
    text: str
    defaults: Section  # [DEFAULT]; always present (empty, line 0, when the file has none)
    sections: tuple[Section, ...]  # every section but DEFAULT, first occurrence of each header, file order
    duplicate_sections: tuple[Section, ...] = ()
    problems: tuple[ReadProblem, ...] = ()
    relaxed_interpolation: bool = False  # swift: only values containing "%(" are interpolated

    @property
    def here(self) -> str:
        import os.path

        return os.path.dirname(self.path)

    def section(self, header: str) -> Section | None:
        for section in self.sections:
            if section.header == header:
                return section
        return None

    def sections_named(self, name: str, kind: ObjectKind) -> list[Section]:
        """Sections PasteDeploy would consider for ``name`` asked as ``kind`` (before group rules)."""
        prefixes = kind.prefixes
        return [s for s in self.sections if s.prefix in prefixes and s.name == name]

    def app_like_sections(self) -> Iterator[Section]:
        return (s for s in self.sections if s.kind.is_app_like)

    def local_keys(self, section: Section) -> tuple[Key, ...]:
        """The keys PasteDeploy keeps for ``section``: those also in [DEFAULT] (or named
        ``here``/``__file__``) are dropped — the global value wins; ``set``/``get`` keys stay."""
        shadowed = self.default_names
        return tuple(k for k in section.keys if k.name not in shadowed or k.is_set or k.is_get)

    def shadowed_keys(self, section: Section) -> tuple[Key, ...]:
        shadowed = self.default_names
        return tuple(k for k in section.keys if k.name in shadowed and not (k.is_set or k.is_get))

    @property
    def default_names(self) -> frozenset[str]:
        """Names PasteDeploy treats as global: every [DEFAULT] key plus ``here`` and ``__file__``."""
        return frozenset({"here", "__file__"} | {k.name for k in self.defaults.keys})


# --------------------------------------------------------------------------- factories


class FactoryScheme(enum.Enum):
    EGG = "egg"  # use = egg:Dist#name
    CALL = "call"  # use = call:module:attr
    CONFIG = "config"  # use = config:other.ini#name
    SECTION = "section"  # use = othername (a section of the same file)
    FACTORY_KEY = "factory-key"  # paste.app_factory = module:attr (and friends)
    UNKNOWN = "unknown"  # use = foo:... with an unknown scheme


@dataclass(frozen=True)
class FactorySpec:
    """How one section names its factory (one ``use`` or ``paste.*_factory`` key)."""

    scheme: FactoryScheme
    text: str  # the value, interpolated, stripped
    key: Key
    protocols: tuple[str, ...]  # entry-point groups acceptable for the section kind, in PasteDeploy's order
    distribution: str | None = None  # egg:
    entry_point: str | None = None  # egg: (defaults to "main")
    module: str | None = None  # call: and factory keys
    attr: str | None = None  # call: and factory keys (may be dotted)
    target: str | None = None  # SECTION / CONFIG: the section name; CONFIG: file in ``config_path``
    config_path: str | None = None  # CONFIG: absolute path of the other file

    @property
    def dotted(self) -> str | None:
        """``module:attr`` for call: and factory keys (what P18 checks)."""
        if self.module is None:
            return None
        return f"{self.module}:{self.attr}" if self.attr else self.module


