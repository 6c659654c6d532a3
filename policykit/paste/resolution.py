"""The resolution layer of a paste file: every way a request can flow through it.

For every app-like section (a *root*): each pipeline, each composite key (urlmap path,
flavor, auth_strategy) as an ordered list of stages, outermost first, the application
last (``Resolution``, ``ResolvedRoot``, ``Branch``, ``Stage``); plus the outcome
``loadapp`` would have (``ResolutionError``). Plain data; ``policykit.paste.resolver``
builds it from the file layer (``policykit.paste.document``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Mapping

from policykit.findings import Location
from policykit.paste.document import FactoryScheme, FactorySpec, Key, PasteFile, Section


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


