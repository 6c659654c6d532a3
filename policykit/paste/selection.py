"""The selection layer of a paste file: which root and branch a service will load, and why.

``ServiceProfile`` (how a service picks its app), ``ConfFile`` (its conf, with
positions), ``FlavorSelection`` (the outcome), and ``PasteContext``, everything a paste
rule's ``check(context)`` receives — rules never re-read files. Plain data;
``policykit.paste.services`` builds the selections.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Mapping

from policykit.findings import Location
from policykit.paste.document import PasteFile, ReadProblem
from policykit.paste.resolution import Branch, Resolution, ResolutionError, ResolvedRoot


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
    """How one service picks its paste app — data, not code.

    Read from each service's ``wsgi``/``service`` module and its paste_deploy options.
    """

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
    options: Mapping[str, object] = field(default_factory=dict)  # working settings the rules share (caches)

    @property
    def path(self) -> str:
        return self.paste.path

    @property
    def selection(self) -> FlavorSelection | None:
        return self.selections[0] if self.selections else None
