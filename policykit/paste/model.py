"""The static model of a paste file, as PasteDeploy 3.1.0 sees it.

Three layers, each plain data:

* the file layer (``PasteFile``, ``Section``, ``Key``): what configparser reads, with
  ``path:line:column`` for every section header and key, raw and interpolated values, and
  every problem met while reading (``ReadProblem``) — not only the first one;
* the resolution layer (``Resolution``, ``ResolvedRoot``, ``Branch``, ``Stage``): for every
  app-like section (a *root*), every way a request can flow through it — each pipeline,
  each composite key (urlmap path, flavor, auth_strategy) — as an ordered list of stages,
  outermost first, the application last; plus the outcome ``loadapp`` would have;
* the selection layer (``ServiceProfile``, ``ConfFile``, ``FlavorSelection``): which root
  and branch the service will actually load, given its conf, and why.

Rules receive a ``PasteContext`` and never re-read files.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from policykit.findings import Location


# --------------------------------------------------------------------------- file layer


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

    @property
    def fatal_problems(self) -> tuple[ReadProblem, ...]:
        return tuple(p for p in self.problems if p.fatal)

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


# --------------------------------------------------------------------------- resolution layer


class ErrorCategory(enum.Enum):
    """Why ``loadapp`` fails; one category per distinct PasteDeploy exception cause."""

    PARSE = "parse"  # configparser refuses the file (duplicate, no header, no delimiter)
    INTERPOLATION = "interpolation"  # bare % or unknown %(x)s in a value that is read
    MISSING_SECTION = "missing-section"  # LookupError: No section 'x' (prefixed by ...)
    WRONG_KIND = "wrong-kind"  # same LookupError, but a section of another kind has that name
    AMBIGUOUS = "ambiguous"  # LookupError: Ambiguous section names
    UNKNOWN_SCHEME = "unknown-scheme"  # LookupError: URI scheme not known
    CALL_IN_PIPELINE = "call-in-pipeline"  # AssertionError: Protocol None unknown
    FILTER_APP_CALL = "filter-app-call"  # AssertionError: Protocol 'paste.filter-app_factory' unknown
    BAD_CALL_SPEC = "bad-call-spec"  # LookupError: Configuration not in format module:function
    BAD_FACTORY_SPEC = "bad-factory-spec"  # AttributeError: a factory value that is not module:attr
    NO_LOADER = "no-loader"  # LookupError: No loader given in section
    MULTIPLE_PROTOCOLS = "multiple-protocols"  # LookupError: Multiple protocols given
    MISSING_PIPELINE_KEY = "missing-pipeline-key"  # LookupError: ... missing a 'pipeline' setting
    EXTRA_PIPELINE_KEYS = "extra-pipeline-keys"  # LookupError: ... has extra (disallowed) settings
    EMPTY_PIPELINE = "empty-pipeline"  # IndexError: list index out of range
    MISSING_NEXT = "missing-next"  # LookupError: ... missing a 'next' setting
    MISSING_GLOBAL = "missing-global"  # KeyError from `get x = nosuch`
    CYCLE = "cycle"  # RecursionError
    MISSING_FILE = "missing-file"  # FileNotFoundError (use = config:missing.ini)
    COMPOSITE_AS_APP = "composite-as-app"  # TypeError: a composite factory called as an app factory
    URLMAP_BAD_PATH = "urlmap-bad-path"  # AssertionError: URL fragments must start with /
    SELECTOR_KEY_MISSING = "selector-key-missing"  # KeyError(flavor) in a pipeline_factory composite
    NOT_WSGI = "not-wsgi"  # filter-with on pipeline/filter-app: loadapp returns a function
    PACKAGE_NOT_FOUND = "package-not-found"  # egg: distribution missing / version specifier
    ENTRY_POINT_NOT_FOUND = "entry-point-not-found"  # egg: name not in the groups of that kind


@dataclass(frozen=True)
class ResolutionError:
    category: ErrorCategory
    message: str  # policykit's explanation (what, where, what to do)
    location: Location  # the reference or key that fails
    pastedeploy: str = ""  # the exception PasteDeploy raises, e.g. "LookupError: No section 'x' ..."
    subject: str | None = None  # the section header concerned


class StageRole(enum.Enum):
    FILTER = "filter"
    APP = "app"


@dataclass(frozen=True)
class Stage:
    """One element a request passes through.

    ``reference`` is the name as written where it is used (a pipeline token, a ``next``
    value, a ``filter-with`` value, a composite key's value); ``section`` is what it
    resolves to (None when it does not resolve, or when the token is a ``config:``/
    ``egg:`` URI); ``definition`` is the chain of sections followed through ``use``
    (the section itself first); ``factory`` is the factory at the end of that chain.
    """

    role: StageRole
    reference: str
    location: Location  # where the reference is written
    section: Section | None
    definition: tuple[Section, ...] = ()
    factory: FactorySpec | None = None
    local_conf: Mapping[str, Key] = field(default_factory=dict)  # merged through `use`, DEFAULT-shadowed keys dropped
    via: str = "pipeline"  # pipeline | next | filter-with | composite | root

    @property
    def name(self) -> str:
        """The section name when resolved, else the reference."""
        return self.section.name if self.section is not None else self.reference

    @property
    def entry_point(self) -> str | None:
        """The egg entry-point name (``auth_token`` for ``egg:keystonemiddleware#auth_token``)."""
        return self.factory.entry_point if self.factory and self.factory.scheme is FactoryScheme.EGG else None

    @property
    def factory_text(self) -> str | None:
        return self.factory.text if self.factory else None


@dataclass(frozen=True)
class Choice:
    """A composite key taken on the way to a branch (a urlmap path or a selector key)."""

    composite: Section
    key: Key
    kind: str  # "urlmap" | "not_found_app" | "selector" | "unknown"


@dataclass(frozen=True)
class Branch:
    """One path from a root to an application: the stages in request order.

    ``stages[0]`` is the outermost filter; ``stages[-1]`` is the app (absent when
    resolution stopped early — then ``error`` says why).
    """

    root: str
    choices: tuple[Choice, ...]  # composite keys taken, outermost first
    stages: tuple[Stage, ...]
    error: ResolutionError | None = None
    pipelines: tuple[Section, ...] = ()  # the [pipeline:] / [filter-app:] sections walked through

    @property
    def filters(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if s.role is StageRole.FILTER)

    @property
    def app(self) -> Stage | None:
        return self.stages[-1] if self.stages and self.stages[-1].role is StageRole.APP else None

    @property
    def label(self) -> str:
        """``glance-api / → api[keystone] → /v2``: the root and the composite keys taken."""
        parts = [self.root]
        for choice in self.choices:
            if choice.kind == "selector":
                parts.append(f"{choice.composite.name}[{choice.key.name}]")
            else:
                parts.append(choice.key.name)
        return " → ".join(parts)

    def selector(self, composite: str | None = None) -> Choice | None:
        """The last selector (flavor/auth_strategy) choice, optionally of a given composite."""
        for choice in reversed(self.choices):
            if choice.kind == "selector" and (composite is None or choice.composite.name == composite):
                return choice
        return None


@dataclass(frozen=True)
class ResolvedRoot:
    """An app-like section and everything reachable from it.

    ``error`` is what ``loadapp(config:file, name=root)`` gives with stub factories, with
    every composite asking for all of its targets (urlmap does; selector composites are
    judged per branch in ``branches`` — see ``Branch.error``). None means it loads.
    """

    name: str
    section: Section
    branches: tuple[Branch, ...]
    error: ResolutionError | None = None

    @property
    def loads(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Resolution:
    paste: PasteFile
    roots: tuple[ResolvedRoot, ...]  # one per app-like section, file order
    # every distinct error met on any branch of any root, or by loading any [filter:] alone
    # (loadfilter), each once
    errors: tuple[ResolutionError, ...] = ()
    factories: tuple[tuple[Section, FactorySpec], ...] = ()  # every use/factory key of every section

    def root(self, name: str) -> ResolvedRoot | None:
        for root in self.roots:
            if root.name == name:
                return root
        return None

    def reachable_sections(self) -> set[str]:
        """Headers of every section some root reaches (through stages and definitions)."""
        seen: set[str] = set()
        for root in self.roots:
            seen.add(root.section.header)
            for branch in root.branches:
                for pipeline in branch.pipelines:
                    seen.add(pipeline.header)
                for choice in branch.choices:
                    seen.add(choice.composite.header)
                for stage in branch.stages:
                    seen.update(s.header for s in stage.definition)
        return seen


# --------------------------------------------------------------------------- service conf and selection


@dataclass(frozen=True)
class ConfValue:
    section: str
    name: str
    value: str
    path: str
    line: int
    column: int  # of the key
    value_column: int

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, self.column)

    @property
    def value_location(self) -> Location:
        return Location(self.path, self.line, self.value_column)


@dataclass(frozen=True)
class ConfFile:
    """A service conf read the way oslo.config reads it (last value wins), with positions."""

    path: str
    values: Mapping[tuple[str, str], ConfValue]  # (section, option) → value
    problems: tuple[ReadProblem, ...] = ()

    def get(self, section: str, option: str) -> ConfValue | None:
        return self.values.get((section, option))

    def first(self, *options: tuple[str, str]) -> ConfValue | None:
        for section, option in options:
            found = self.get(section, option)
            if found is not None:
                return found
        return None


class SelectorMechanism(enum.Enum):
    FLAVOR_SUFFIX = "flavor-suffix"  # app name = <app>-<flavor> (glance, murano, searchlight, heat)
    AUTH_STRATEGY = "auth-strategy"  # a pipeline_factory composite keyed by auth_strategy (nova, cinder, neutron)
    FIXED = "fixed"  # fixed app names (keystone, swift, trove, magnum, barbican)


@dataclass(frozen=True)
class ServiceProfile:
    """How one service picks its paste app (read from each service's ``wsgi``/``service`` module and its paste_deploy options) — data, not code."""

    service: str  # glance, nova, cinder, neutron, heat, keystone, swift, murano, ...
    app_names: tuple[str, ...]  # the names the service passes to loadapp
    mechanism: SelectorMechanism
    # conf options read for the selection, (section, option), in lookup order
    flavor_options: tuple[tuple[str, str], ...] = ()
    auth_strategy_options: tuple[tuple[str, str], ...] = ()
    auth_strategy_default: str | None = None
    selector_default: str | None = None  # key used when the flavor is unset ("default" for glance/heat composites)
    falls_back_to_default: bool = False  # heat >= 25.0.0: <app>-<flavor> LookupError → <app>
    composite_key_check: bool = False  # glance >= 27 / heat: the flavor must also be a key of the selector composite
    unauthenticated_filters: tuple[str, ...] = ()  # names/entry points that mean "no authentication"
    relaxed_interpolation: bool = False  # swift
    # cinder, manila (and nova up to Icehouse): with api_rate_limit = false the composite
    # prefers the key '<auth_strategy>_nolimit' when it has one
    rate_limit_options: tuple[tuple[str, str], ...] = ()
    canonical_order: tuple[str, ...] = ()  # upstream filter order (for the ordering rules)


@dataclass(frozen=True)
class FlavorSelection:
    """Which pipeline the service will load, and why."""

    profile: ServiceProfile
    app_name: str  # the name passed to loadapp
    flavor: ConfValue | None  # the conf line that set the flavor (None: unset)
    auth_strategy: ConfValue | None
    selector_key: str | None  # the composite key used (flavor, "default", auth_strategy) when one applies
    root: ResolvedRoot | None  # the root loaded (None: no such section)
    branch: Branch | None  # the branch a request to "/" … takes through that root's selected key
    branches: tuple[Branch, ...] = ()  # every branch of the selected root under that selection
    reason: str = ""  # one sentence: "flavor = keystone → [composite:glance-api-keystone] → [composite:api] keystone"
    error: ResolutionError | None = None  # what the service reports at start (in the conf or paste file)
    valid_flavors: tuple[str, ...] = ()  # flavors that would load
    fallback_used: bool = False  # heat fell back to <app> after a LookupError


@dataclass(frozen=True)
class PasteContext:
    """What every paste rule's ``check(context)`` receives."""

    paste: PasteFile
    resolution: Resolution
    conf: ConfFile | None = None  # the service conf (--config / deployment ``config:``)
    profile: ServiceProfile | None = None  # the service the file belongs to (None: unknown)
    selections: tuple[FlavorSelection, ...] = ()  # one per app name of the profile, when a profile is known
    check_installed: bool = False  # --check-installed: look at installed distributions / modules
    options: Mapping[str, object] = field(default_factory=dict)  # rule options from [tool.policykit]

    @property
    def path(self) -> str:
        return self.paste.path

    @property
    def selection(self) -> FlavorSelection | None:
        return self.selections[0] if self.selections else None
