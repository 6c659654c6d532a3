"""Resolve every root of a paste file: all branches, and the verdict ``loadapp`` would give.

A *root* is every app-like section ([app:], [application:], [composite:], [composit:],
[pipeline:], [filter-app:]): any of them can be passed to ``loadapp(name=...)``.
A *branch* is one way through a root to an application: pipelines are flattened,
``filter-with``/``filter-app`` add their filter, and each composite key (urlmap path,
``not_found_app``, every flavor/auth_strategy key of a selector composite — not only the
selected one) opens its own branch.

The verdict of a root (``ResolvedRoot.error``) comes from ``loader.Simulator`` with every
composite loading all of its keys; ``verdict_for(paste, name, selector)`` gives the
verdict under one flavor/auth_strategy, which is what a service sees.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykit.findings import Location
from policykit.paste import composites
from policykit.paste.composites import CompositeKind
from policykit.paste.contexts import (
    APP,
    COMPOSITE_PROTOCOLS,
    FILTER,
    Ctx,
    Failure,
    error_ctx,
    factory_spec,
    token_locations,
    url_key_error,
)
from policykit.paste.loader import Simulator, deep_stack
from policykit.paste.document import FactorySpec, Key, PasteFile, Section, SectionKind
from policykit.paste.resolution import (
    Branch,
    Choice,
    ErrorCategory,
    Resolution,
    ResolutionError,
    ResolvedRoot,
    Stage,
    StageRole,
)

_PROTOCOLS_BY_KIND = {
    SectionKind.APP: ("paste.app_factory", "paste.composite_factory", "paste.composit_factory"),
    SectionKind.COMPOSITE: ("paste.composite_factory", "paste.composit_factory", "paste.app_factory"),
    SectionKind.FILTER: ("paste.filter_factory", "paste.filter_app_factory"),
    SectionKind.FILTER_APP: ("paste.filter_factory", "paste.filter_app_factory"),
    SectionKind.SERVER: ("paste.server_factory", "paste.server_runner"),
}
FACTORY_KEYS = ("paste.app_factory", "paste.composite_factory", "paste.composit_factory", "paste.filter_factory",
                "paste.filter_app_factory", "paste.server_factory", "paste.server_runner")


@dataclass(frozen=True)
class _Partial:
    choices: tuple[Choice, ...] = ()
    stages: tuple[Stage, ...] = ()
    pipelines: tuple[Section, ...] = ()
    error: ResolutionError | None = None


def resolve(paste: PasteFile) -> Resolution:
    """The resolution of every root of ``paste``."""
    with deep_stack():
        return _resolve(paste)


def _resolve(paste: PasteFile) -> Resolution:
    explorer = _Explorer(paste)
    roots = []
    verdicts: dict[str, ResolutionError | None] = {}
    for section in paste.app_like_sections():
        if section.name not in verdicts:
            verdicts[section.name] = verdict_for(paste, section.name)
        branches = tuple(Branch(section.name, p.choices, p.stages, p.error, p.pipelines)
                         for p in explorer.root(section))
        roots.append(ResolvedRoot(section.name, section, branches, verdicts[section.name]))
    errors: dict[tuple, ResolutionError] = {}
    standalone = [filter_verdict(paste, s.name) for s in paste.sections if s.kind is SectionKind.FILTER]
    for root in roots:
        for error in [root.error] + [b.error for b in root.branches] + standalone:
            if error is not None:
                errors.setdefault((error.category, error.location.path, error.location.line,
                                   error.location.column, error.message), error)
    return Resolution(paste, tuple(roots), tuple(errors.values()), tuple(all_factories(paste)))


def verdict_for(paste: PasteFile, name: str, selector: str | None = None) -> ResolutionError | None:
    """``loadapp('config:<paste>', name=name)`` with stub factories; ``selector`` = the key
    every pipeline_factory composite picks (None: they load all their keys)."""
    return Simulator(paste, selector=selector).verdict(name)


def filter_verdict(paste: PasteFile, name: str) -> ResolutionError | None:
    """What ``loadfilter('config:<paste>', name=name)`` gives: checks filters no root reaches."""
    sim = Simulator(paste)
    try:
        sim.check_file(paste, Location(paste.path))
        sim.create(sim.get_context(paste, FILTER, name, None, Location(paste.path), "root"))
    except Failure as failure:
        return failure.error
    return None


def section_factory(paste: PasteFile, section: Section) -> FactorySpec | None:
    """The factory a section ends up with, following ``use`` (None when it has none)."""
    kind = FILTER if section.kind in (SectionKind.FILTER, SectionKind.FILTER_APP) else APP
    sim = Simulator(paste, lenient=True)
    try:
        ctx = sim._section_context(paste, kind, section, None, section.location)
    except Failure:
        return None
    while ctx.object_type == "FILTER_WITH" and ctx.app is not None:
        ctx = ctx.app
    if ctx.object_type == "FILTER_APP" and ctx.filters:
        ctx = ctx.filters[0]
    return ctx.factory


def all_factories(paste: PasteFile) -> list[tuple[Section, FactorySpec]]:
    found = []
    for section in paste.sections:
        protocols = _PROTOCOLS_BY_KIND.get(section.kind)
        if protocols is None:
            continue
        for key in paste.local_keys(section):
            if key.name == "use" or key.name in FACTORY_KEYS:
                protocols_here = (key.name,) if key.name != "use" else protocols
                found.append((section, factory_spec(key.text, key, protocols_here, paste.here)))
    return found


class _Explorer:
    def __init__(self, paste: PasteFile):
        self.paste = paste
        self.sim = Simulator(paste, lenient=True)

    def root(self, section: Section) -> list[_Partial]:
        self.sim._phase1, self.sim._phase2 = [], []
        try:
            self.sim.check_file(self.paste, section.location)
            ctx = self.sim.get_context(self.paste, APP, section.name, None, section.location, "root")
        except Failure as failure:
            return [_Partial(error=failure.error)]
        return self.branches(ctx, ())

    # ------------------------------------------------------------------ stages

    def stage(self, ctx: Ctx, role: StageRole) -> Stage:
        section = ctx.definition[0] if ctx.definition else (ctx.section if ctx.object_type == "ERROR" else None)
        local = {name: key for name, (_, key) in ctx.local_conf.items() if key is not None}
        return Stage(role, ctx.reference, ctx.location or Location(ctx.file.path), section,
                     tuple(ctx.definition), ctx.factory, local, ctx.via)

    def filter_stages(self, ctx: Ctx) -> tuple[tuple[Stage, ...], ResolutionError | None]:
        if ctx.object_type == "ERROR":
            return (self.stage(ctx, StageRole.FILTER),), ctx.error
        if ctx.object_type == "FILTER_WITH":
            outer, outer_error = self.filter_stages(ctx.filters[0])
            inner, inner_error = self.filter_stages(ctx.app)
            return outer + inner, outer_error or inner_error
        return (self.stage(ctx, StageRole.FILTER),), self.leaf_error(ctx, "a filter")

    def leaf_error(self, ctx: Ctx, role: str) -> ResolutionError | None:
        try:
            if ctx.object_type == "FILTER":
                self.sim.create(_shallow(ctx))
            elif ctx.protocol not in COMPOSITE_PROTOCOLS:
                self.sim.create(_shallow(ctx))
        except Failure as failure:
            return failure.error
        return None

    # ------------------------------------------------------------------ branches

    def branches(self, ctx: Ctx, composites_seen: tuple) -> list[_Partial]:
        kind = ctx.object_type
        if kind == "ERROR":
            return [_Partial(stages=(self.stage(ctx, StageRole.APP),), error=ctx.error)]
        if kind == "PIPELINE":
            stages: tuple[Stage, ...] = ()
            first_error = ctx.app.error if ctx.app.object_type == "ERROR" else None
            for item in ctx.filters:
                more, error = self.filter_stages(item)
                stages += more
                first_error = first_error or error
            return [_Partial(p.choices, stages + p.stages, (ctx.section,) + p.pipelines, first_error or p.error)
                    for p in self.branches(ctx.app, composites_seen)]
        if kind in ("FILTER_APP", "FILTER_WITH"):
            outer, error = self.filter_stages(ctx.filters[0])
            walked = (ctx.section,) if kind == "FILTER_APP" and ctx.section is not None else ()
            return [_Partial(p.choices, outer + p.stages, walked + p.pipelines, error or p.error)
                    for p in self.branches(ctx.app, composites_seen)]
        if ctx.protocol in COMPOSITE_PROTOCOLS:
            composite_kind = composites.composite_kind(ctx.factory)
            if composite_kind is not CompositeKind.UNKNOWN:
                return self.composite_branches(ctx, composite_kind, composites_seen)
        return [_Partial(stages=(self.stage(ctx, StageRole.APP),), error=self.leaf_error(ctx, "an application"))]

    def composite_branches(self, ctx: Ctx, kind: CompositeKind, seen: tuple) -> list[_Partial]:
        definer = ctx.definition[0] if ctx.definition else None
        frame = (ctx.file.path, definer.header if definer else id(ctx))
        if frame in seen:
            return [_Partial(stages=(self.stage(ctx, StageRole.APP),),
                             error=self.sim._cycle(definer, ctx.location or Location(ctx.file.path)))]
        seen = seen + (frame,)
        out: list[_Partial] = []
        ignored = composites.ignored_keys(ctx.factory)
        for name, (value, key) in ctx.local_conf.items():
            if name in ignored or key is None:
                continue
            if kind is CompositeKind.URLMAP:
                choice = Choice(definer or key, key, "not_found_app" if name == "not_found_app" else "urlmap")
                if name == "not_found_app" and not value:
                    continue
                if name != "not_found_app":
                    try:
                        address = composites.parse_path_expression(name)
                    except composites.PathExpressionError as exc:
                        out.append(_Partial((choice,), error=url_key_error(name, key, ctx, f"ValueError: {exc}", str(exc))))
                        continue
                    bad = composites.normalise_address(address) is None
                else:
                    bad = False
                target = self._target(ctx, APP, value, key.value_location)
                for p in self.branches(target, seen):
                    error = p.error
                    if bad:
                        error = error or url_key_error(
                            name, key, ctx, f"AssertionError: URL fragments must start with / or http:// (you gave {address!r})",
                            "a urlmap key must be a path starting with '/'")
                    out.append(_Partial((choice,) + p.choices, p.stages, p.pipelines, error))
            else:
                out.extend(self.selector_branches(ctx, definer, name, value, key, seen))
        if not out:
            out.append(_Partial(stages=(self.stage(ctx, StageRole.APP),)))
        return out

    def selector_branches(self, ctx: Ctx, definer: Section | None, name: str, value: str, key: Key,
                          seen: tuple) -> list[_Partial]:
        choice = Choice(definer, key, "selector")
        items = value.split()
        if not items:
            return [_Partial((choice,), error=ResolutionError(
                ErrorCategory.EMPTY_PIPELINE, f"the pipeline of key '{name}' is empty", key.location,
                "IndexError: list index out of range", key.section))]
        locations = token_locations(ctx.file, key, items)
        stages: tuple[Stage, ...] = ()
        first_error = None
        for item, where in zip(items[:-1], locations[:-1]):
            more, error = self.filter_stages(self._target(ctx, FILTER, item, where))
            stages += more
            first_error = first_error or error
        target = self._target(ctx, APP, items[-1], locations[-1])
        return [_Partial((choice,) + p.choices, stages + p.stages, p.pipelines, first_error or p.error)
                for p in self.branches(target, seen)]

    def _target(self, ctx: Ctx, kind, name: str, location: Location) -> Ctx:
        saved, self.sim._phase1 = self.sim._phase1, []
        try:
            return self.sim.child(ctx.file, kind, name, ctx.global_conf, location, "composite")
        except Failure as failure:  # pragma: no cover - child is lenient
            return error_ctx(ctx.file, failure.error, name, location, "composite")
        finally:
            self.sim._phase1 = saved


def _shallow(ctx: Ctx) -> Ctx:
    """The same leaf context, for checking its own protocol without creating composite targets."""
    return Ctx(ctx.object_type, ctx.protocol, ctx.file, ctx.section, ctx.definition, ctx.factory, {}, {},
               location=ctx.location, reference=ctx.reference, via=ctx.via)
