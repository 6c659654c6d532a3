"""Phase 2 of the loadapp replay: creating what the contexts describe.

A pipeline creates its app, then its filters left to right; a filter-app its ``next``
first; ``filter-with`` its filter first. Composites ask for their targets only now —
urlmap for every key in order, a pipeline_factory selector for the selected key — so
their errors come after every error of the context phase.
"""

from __future__ import annotations

from policykit.findings import Location
from policykit.paste import composites
from policykit.paste.composites import CompositeKind
from policykit.paste.contexts import (
    APP,
    ALL,
    COMPOSITE_PROTOCOLS,
    FILTER,
    Ctx,
    Failure,
    _where,
    token_locations,
    url_key_error,
)
from policykit.paste.document import FactoryScheme
from policykit.paste.resolution import ErrorCategory, ResolutionError


class CreationPhase:
    """Mixed into ``loader.Simulator``: needs its ``get_context``, ``_cycle`` and stacks."""


    def create(self, ctx: Ctx) -> None:
        kind = ctx.object_type
        if kind == "PIPELINE":
            self.create(ctx.app)
            for item in ctx.filters:
                self.create(item)
        elif kind == "FILTER_APP":
            self.create(ctx.app)
            self.create(ctx.filters[0])
        elif kind == "FILTER_WITH":
            self.create(ctx.filters[0])
            self.create(ctx.app)
        elif kind == "APP":
            if ctx.protocol in COMPOSITE_PROTOCOLS:
                self._create_composite(ctx)
            elif ctx.protocol == "paste.app_factory":
                self._refuse_composite_factory(ctx, "an application")
            else:
                raise Failure(self._protocol_error(ctx))
        else:  # FILTER
            if ctx.protocol in ("paste.filter_factory", "paste.filter_app_factory"):
                self._refuse_composite_factory(ctx, "a filter")
            else:
                raise Failure(self._protocol_error(ctx))

    def _protocol_error(self, ctx: Ctx) -> ResolutionError:
        where = ctx.location or Location(ctx.file.path)
        text = ctx.factory.text if ctx.factory else "?"
        if ctx.protocol == "paste.filter-app_factory":
            section = ctx.definition[0] if ctx.definition else None
            use = section.get("use") if section else None
            return ResolutionError(
                ErrorCategory.FILTER_APP_CALL,
                f"'use = {text}' cannot be used in a [filter-app:] section (PasteDeploy derives the unknown "
                "protocol 'paste.filter-app_factory'); use a [filter:] section with 'use = call:…' and name it here",
                use.value_location if use else where,
                "AssertionError: Protocol 'paste.filter-app_factory' unknown", section.header if section else None)
        return ResolutionError(
            ErrorCategory.CALL_IN_PIPELINE,
            f"'{text}' cannot be loaded from a pipeline item: PasteDeploy has no protocol for a bare call: "
            "reference; define a section with 'use = " + text + "' and name that section instead",
            where, f"AssertionError: Protocol {ctx.protocol!r} unknown")

    def _refuse_composite_factory(self, ctx: Ctx, role: str) -> None:
        if ctx.factory is None or ctx.factory.scheme is FactoryScheme.EGG:
            return
        if composites.is_composite_factory(ctx.factory):
            key = ctx.factory.key
            raise Failure(ResolutionError(
                ErrorCategory.COMPOSITE_AS_APP,
                f"'{ctx.factory.text}' is a composite factory (it needs the loader) but is called as {role} "
                f"factory here; put it in a [composite:] section"
                + (" with 'use = call:…'" if ctx.factory.scheme is FactoryScheme.CALL else
                   " as 'paste.composite_factory'"),
                key.value_location if key.line else (ctx.location or Location(ctx.file.path)),
                "TypeError: missing 1 required positional argument: 'global_conf'",
                ctx.definition[0].header if ctx.definition else None))

    def _create_composite(self, ctx: Ctx) -> None:
        definer = ctx.definition[0] if ctx.definition else None
        frame = (ctx.file.path, definer.header if definer else id(ctx))
        if frame in self._phase2:
            raise Failure(self._cycle(definer, ctx.location or Location(ctx.file.path)))
        self._phase2.append(frame)
        saved, self._phase1 = self._phase1, []
        try:
            kind = composites.composite_kind(ctx.factory)
            if kind is CompositeKind.URLMAP:
                self._create_urlmap(ctx)
            elif kind is CompositeKind.SELECTOR:
                self._create_selector(ctx)
        finally:
            self._phase1 = saved
            self._phase2.pop()

    def _get_app(self, ctx: Ctx, name: str, location: Location, via: str) -> None:
        self.create(self.get_context(ctx.file, APP, name, ctx.global_conf, location, via))

    def _create_urlmap(self, ctx: Ctx) -> None:
        local = {k: v for k, v in ctx.local_conf.items() if k not in composites.ignored_keys(ctx.factory)}
        not_found = local.pop("not_found_app", None)
        if not_found is not None:
            if not_found[0]:
                self._get_app(ctx, not_found[0], _where(not_found[1], ctx), "composite")
        elif ctx.global_conf.get("not_found_app"):
            self._get_app(ctx, ctx.global_conf["not_found_app"], ctx.location or Location(ctx.file.path), "composite")
        for path_key, (value, key) in local.items():
            try:
                address = composites.parse_path_expression(path_key)
            except composites.PathExpressionError as exc:
                raise Failure(url_key_error(path_key, key, ctx, f"ValueError: {exc}", str(exc))) from None
            self._get_app(ctx, value, _where(key, ctx, value=True), "composite")
            if composites.normalise_address(address) is None:
                raise Failure(url_key_error(
                    path_key, key, ctx,
                    f"AssertionError: URL fragments must start with / or http:// (you gave {address!r})",
                    "a urlmap key must be a path starting with '/'"))

    def _create_selector(self, ctx: Ctx) -> None:
        if self.selector is ALL:
            chosen = list(ctx.local_conf.items())
        elif self.selector in ctx.local_conf:
            chosen = [(self.selector, ctx.local_conf[self.selector])]
        else:
            definer = ctx.definition[0] if ctx.definition else None
            raise Failure(ResolutionError(
                ErrorCategory.SELECTOR_KEY_MISSING,
                f"{definer.label if definer else 'the composite'} has no key '{self.selector}'; it has: "
                f"{', '.join(ctx.local_conf) or 'none'}",
                definer.location if definer else Location(ctx.file.path), f"KeyError: {self.selector!r}",
                definer.header if definer else None))
        for name, (value, key) in chosen:
            items = value.split()
            if not items:
                raise Failure(ResolutionError(
                    ErrorCategory.EMPTY_PIPELINE, f"the pipeline of key '{name}' is empty",
                    _where(key, ctx), "IndexError: list index out of range", key.section if key else None))
            locations = token_locations(ctx.file, key, items) if key else [ctx.location] * len(items)
            for item, where in zip(items[:-1], locations[:-1]):
                self.create(self.get_context(ctx.file, FILTER, item, ctx.global_conf, where, "composite"))
            self._get_app(ctx, items[-1], locations[-1], "composite")
