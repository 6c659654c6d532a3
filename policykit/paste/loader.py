"""``paste.deploy.loadapp`` replayed on the static model: the verdict, without importing anything.

PasteDeploy works in two phases, and which error wins depends on them:

1. *context*: the requested section is found, its keys processed (``set``/``get``,
   [DEFAULT] shadowing, ``filter-with``), and — recursively — every pipeline item,
   ``next``, ``use`` and ``filter-with`` target is found the same way;
2. *create*: the factories are called — a pipeline creates its app first, then its
   filters left to right; a filter-app its ``next`` first; a composite asks the loader
   for its targets only now (urlmap: all of them in key order; a pipeline_factory
   selector: the selected key only).

``Simulator.verdict`` walks both phases in that order and returns the first failure as a
``ResolutionError`` whose category names PasteDeploy's exception. Factories are assumed
to exist (installed distributions are another check); what is simulated is everything
PasteDeploy itself decides.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import re
import sys

from policykit.findings import Location
from policykit.paste.contexts import (
    _ABSOLUTE,
    _DIST_NAME,
    _DOTTED,
    ALL,
    APP,
    APP_PROTOCOL_GROUPS,
    FILTER,
    FILTER_PROTOCOL_GROUPS,
    KNOWN_EGG_GROUPS,
    KNOWN_SCHEMES,
    Ctx,
    Failure,
    error_ctx,
    factory_spec,
    normalise_dist,
    passed_defaults,
    prefix_list,
    token_locations,
)
from policykit.paste.creation import CreationPhase
from policykit.paste.document import (
    FactoryScheme, FactorySpec, Key, ObjectKind, PasteFile, ProblemKind, Section, SectionKind,
)
from policykit.paste.resolution import ErrorCategory, ResolutionError
from policykit.paste.reader import first_parse_error, read_paste_file
from policykit.suggest import suggest


# PasteDeploy's loader recurses a few frames per reference and gives up with RecursionError
# after about 490 nested ``use =`` sections (PasteDeploy 3.1, Python's default limit).
MAX_REFERENCE_DEPTH = 480
TOO_DEEP = "RecursionError: maximum recursion depth exceeded (a chain of references, not a loop)"


@contextlib.contextmanager
def deep_stack(frames: int = 20_000):
    """Room for the simulator's own recursion, a few frames per reference PasteDeploy follows."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, frames))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


class Simulator(CreationPhase):
    """Replays loadapp on one file (and the files it reaches through ``config:``)."""

    def __init__(self, paste: PasteFile, *, selector: str | None = ALL, lenient: bool = False):
        self.paste = paste
        self.selector = selector
        self.lenient = lenient  # lenient: failures below the top become ERROR contexts (for exploring)
        self._files: dict[str, PasteFile | Exception] = {paste.path: paste}
        self._indexes: dict[str, tuple[PasteFile, dict]] = {}
        self._phase1: list[tuple] = []
        self._phase2: list[tuple] = []

    # ------------------------------------------------------------------ public

    def verdict(self, name: str) -> ResolutionError | None:
        """What ``loadapp('config:<file>', name=name)`` gives: None (loads) or the error."""
        self._phase1, self._phase2 = [], []
        try:
            with deep_stack():
                self.check_file(self.paste, Location(self.paste.path))
                ctx = self.get_context(self.paste, APP, name, None, Location(self.paste.path), "root")
                self.create(ctx)
        except Failure as failure:
            return failure.error
        if ctx.object_type == "FILTER_WITH" and ctx.app is not None and ctx.app.object_type != "APP":
            section = ctx.section
            return ResolutionError(
                ErrorCategory.NOT_WSGI,
                f"loadapp returns a plain function, not a WSGI application: 'filter-with' on "
                f"{section.label if section else name} composes filters instead of wrapping an app",
                section.get("filter-with").location if section and section.get("filter-with") else Location(self.paste.path),
                "loadapp returns <function composed>", section.header if section else None)
        return None

    # ------------------------------------------------------------------ files

    def load_file(self, path: str, location: Location) -> PasteFile:
        cached = self._files.get(path)
        if cached is None:
            if not os.path.exists(path):
                cached = FileNotFoundError(path)
            else:
                cached = read_paste_file(path)
            self._files[path] = cached
        if isinstance(cached, Exception):
            raise Failure(ResolutionError(
                ErrorCategory.MISSING_FILE, f"the file {path} does not exist", location,
                f"FileNotFoundError: [Errno 2] No such file or directory: '{path}'"))
        unreadable = next((p for p in cached.problems if p.kind is ProblemKind.UNREADABLE), None)
        if unreadable is not None:  # reported where the file is referenced, not in the file itself
            reason = unreadable.message.removeprefix("cannot read the file: ")
            raise Failure(ResolutionError(ErrorCategory.MISSING_FILE, f"cannot read the referenced file: {reason}",
                                          location, reason))
        self.check_file(cached, location)
        return cached

    def check_file(self, paste: PasteFile, location: Location) -> None:
        problem = first_parse_error(paste)
        if problem is not None:
            raise Failure(ResolutionError(ErrorCategory.PARSE, problem.message, problem.location,
                                          "configparser error", None))

    # ------------------------------------------------------------------ phase 1

    def _section_index(self, paste: PasteFile) -> dict[tuple[str, str], list[Section]]:
        """Sections by (prefix, name) as PasteDeploy matches headers: ``prefix:`` then the
        stripped name (indexed once per file: chains of ``use`` look sections up often)."""
        index = self._indexes.get(paste.path)
        if index is None or index[0] is not paste:
            table: dict[tuple[str, str], list[Section]] = {}
            for section in paste.sections:
                prefix, colon, rest = section.header.partition(":")
                if colon:
                    table.setdefault((prefix, rest.strip()), []).append(section)
            index = self._indexes[paste.path] = (paste, table)
        return index[1]

    def find_section(self, paste: PasteFile, kind: ObjectKind, name: str, location: Location) -> Section:
        possible: list[Section] = []
        by_prefix_and_name = self._section_index(paste)
        for group in kind.prefix_groups:
            for prefix in group:
                found = by_prefix_and_name.get((prefix, name), [])
                if found:
                    possible.extend(found)
                    break
        if not possible:
            message = f"No section {name!r} (prefixed by {prefix_list(kind)}) found in config {paste.path}"
            other = [s for s in paste.sections if s.name == name and s.kind is not SectionKind.UNKNOWN]
            unknown = [s for s in paste.sections if s.name == name and s.kind is SectionKind.UNKNOWN]
            if other:
                raise Failure(ResolutionError(
                    ErrorCategory.WRONG_KIND,
                    f"'{name}' is used as {'an application' if kind is APP else 'a filter'}, but it exists "
                    f"only as {', '.join(s.label for s in other)} (line {other[0].line})",
                    location, "LookupError: " + message, other[0].header))
            detail = (f"; {unknown[0].label} (line {unknown[0].line}) has a prefix PasteDeploy does not know"
                      if unknown else f" (looked for {', '.join('[' + p + ':' + name + ']' for p in kind.prefixes)})")
            candidates = [s.name for s in paste.sections if s.prefix in kind.prefixes]
            close = suggest(name, candidates, cutoff=0.75)
            if close and not unknown:
                detail += f"; did you mean '{close}'?"
            raise Failure(ResolutionError(
                ErrorCategory.MISSING_SECTION,
                f"no section defines the {'application' if kind is APP else 'filter'} '{name}'{detail}",
                location, "LookupError: " + message, unknown[0].header if unknown else None))
        if len(possible) > 1:
            headers = [s.header for s in possible]
            raise Failure(ResolutionError(
                ErrorCategory.AMBIGUOUS,
                f"'{name}' is ambiguous: {', '.join(s.label + ' (line ' + str(s.line) + ')' for s in possible)} "
                "all define it",
                location,
                f"LookupError: Ambiguous section names {headers!r} for section {name!r} "
                f"(prefixed by {prefix_list(kind)}) found in config {paste.path}", possible[0].header))
        return possible[0]

    def child(self, paste: PasteFile, kind: ObjectKind, name: str, global_conf: dict | None,
              location: Location, via: str) -> Ctx:
        """A reference made by a section (pipeline item, next, use, filter-with, composite target)."""
        if not self.lenient:
            return self.get_context(paste, kind, name, global_conf, location, via)
        try:
            return self.get_context(paste, kind, name, global_conf, location, via)
        except Failure as failure:
            return error_ctx(paste, failure.error, name, location, via)

    def get_context(self, paste: PasteFile, kind: ObjectKind, name: str, global_conf: dict | None,
                    location: Location, via: str) -> Ctx:
        if _ABSOLUTE.search(name or ""):
            ctx = self.load_uri(kind, name, os.path.dirname(paste.path), global_conf, location, paste)
            ctx.reference, ctx.via = name, via
            if ctx.location is None:
                ctx.location = location
            return ctx
        section = self.find_section(paste, kind, name, location)
        frame = (paste.path, section.header, kind)
        if len(self._phase1) >= MAX_REFERENCE_DEPTH:
            raise Failure(ResolutionError(
                ErrorCategory.CYCLE,
                f"{section.label} is reached through more than {MAX_REFERENCE_DEPTH} nested references (use, "
                "pipeline, next, filter-with, composites): PasteDeploy raises RecursionError before it gets there",
                location, TOO_DEEP, section.header))
        if frame in self._phase1:
            if self.lenient:
                return error_ctx(paste, self._cycle(section, location), name, location, via, section)
            raise Failure(self._cycle(section, location))
        self._phase1.append(frame)
        try:
            ctx = self._section_context(paste, kind, section, global_conf, location)
        except Failure as failure:
            if not self.lenient:
                raise
            ctx = error_ctx(paste, failure.error, name, location, via, section)
        finally:
            self._phase1.pop()
        ctx.location, ctx.reference, ctx.via = location, name, via
        return ctx

    def _cycle(self, section: Section, location: Location) -> ResolutionError:
        return ResolutionError(
            ErrorCategory.CYCLE,
            f"{section.label} refers back to itself (through pipeline, use, next, filter-with or a composite); "
            "PasteDeploy recurses until Python gives up",
            location, "RecursionError: maximum recursion depth exceeded", section.header)

    def _interpolated(self, key: Key) -> str:
        if key.value is None:
            raise Failure(ResolutionError(
                ErrorCategory.INTERPOLATION, f"the value of '{key.name}' in [{key.section}] cannot be interpolated: "
                f"{key.interpolation_error}", key.value_location, key.interpolation_error or "", key.section))
        return key.value

    def _section_context(self, paste: PasteFile, kind: ObjectKind, section: Section,
                         passed: dict | None, location: Location) -> Ctx:
        defaults = {"here": paste.here, "__file__": paste.path}
        for key in paste.defaults.keys:
            defaults[key.name] = self._interpolated(key) or key.raw
        global_conf = dict(defaults)
        if passed:
            global_conf.update(passed)
        shadowed = paste.default_names | set(passed_defaults(paste, passed))
        local: dict[str, tuple[str, Key | None]] = {}
        additions: dict[str, str] = {}
        gets: list[tuple[str, str, Key]] = []
        keys = list(section.keys) + [k for k in paste.defaults.keys if (k.is_set or k.is_get)
                                     and section.get(k.name) is None]
        for key in keys:
            if key.is_set:
                global_conf[key.name[4:].strip()] = additions[key.name[4:].strip()] = self._interpolated(key)
            elif key.is_get:
                gets.append((key.name[4:].strip(), self._interpolated(key), key))
            elif key.name in shadowed:
                continue
            else:
                local[key.name] = (self._interpolated(key), key)
        for local_name, global_name, key in gets:
            if global_name not in global_conf:
                raise Failure(ResolutionError(
                    ErrorCategory.MISSING_GLOBAL,
                    f"'{key.name}' copies the global '{global_name}', which neither [DEFAULT] nor a 'set' defines",
                    key.value_location, f"KeyError: {global_name!r}", section.header))
            local[local_name] = (global_conf[global_name], key)
        filter_with = local.pop("filter-with", None) if kind in (APP, FILTER) else None
        local.pop("require", None)  # distributions are checked with --check-installed
        if section.header.startswith("filter-app:"):
            ctx = self._filter_app(paste, section, local, global_conf, additions)
        elif section.header.startswith("pipeline:"):
            ctx = self._pipeline(paste, section, local, global_conf)
        elif "use" in local:
            ctx = self._from_use(paste, kind, section, local, global_conf, additions)
        else:
            ctx = self._explicit(paste, kind, section, local, global_conf)
        if filter_with is not None:
            value, key = filter_with
            wrapper = Ctx("FILTER_WITH", None, paste, section, [section], None, local, global_conf)
            wrapper.filters = [self.child(paste, FILTER, value, global_conf, key.value_location, "filter-with")]
            wrapper.app = ctx
            return wrapper
        return ctx

    def _filter_app(self, paste, section, local, global_conf, additions) -> Ctx:
        if "next" not in local:
            raise Failure(ResolutionError(
                ErrorCategory.MISSING_NEXT, f"{section.label} has no 'next' key naming the application it wraps",
                section.location,
                f"LookupError: The [{section.header}] section in {paste.path} is missing a 'next' setting", section.header))
        value, key = local.pop("next")
        ctx = Ctx("FILTER_APP", None, paste, section, [section], None, local, global_conf)
        ctx.app = self.child(paste, APP, value, global_conf, key.value_location, "next")
        if "use" in local:
            ctx.filters = [self._from_use(paste, FILTER, section, local, global_conf, additions)]
        else:
            ctx.filters = [self._explicit(paste, FILTER, section, local, global_conf)]
        return ctx

    def _pipeline(self, paste, section, local, global_conf) -> Ctx:
        if "pipeline" not in local:
            raise Failure(ResolutionError(
                ErrorCategory.MISSING_PIPELINE_KEY, f"{section.label} has no 'pipeline' key",
                section.location,
                f"LookupError: The [{section.header}] section in {paste.path} is missing a 'pipeline' setting",
                section.header))
        value, key = local.pop("pipeline")
        items = value.split()
        if local:
            extra = ", ".join(local)
            first = next(iter(local.values()))[1]
            raise Failure(ResolutionError(
                ErrorCategory.EXTRA_PIPELINE_KEYS,
                f"{section.label} may only hold 'pipeline' (and 'set NAME' keys); it also has: {extra}",
                first.location if first else section.location,
                f"LookupError: The [{section.header}] pipeline section in {paste.path} has extra (disallowed) settings: {extra}",
                section.header))
        if not items:
            raise Failure(ResolutionError(
                ErrorCategory.EMPTY_PIPELINE, f"the 'pipeline' of {section.label} is empty", key.location,
                "IndexError: list index out of range", section.header))
        locations = token_locations(paste, key, items)
        ctx = Ctx("PIPELINE", None, paste, section, [section], None, {}, global_conf)
        ctx.app = self.child(paste, APP, items[-1], global_conf, locations[-1], "pipeline")
        ctx.filters = [self.child(paste, FILTER, item, global_conf, where, "pipeline")
                       for item, where in zip(items[:-1], locations[:-1])]
        return ctx

    def _from_use(self, paste, kind, section, local, global_conf, additions) -> Ctx:
        value, key = local.pop("use")
        ctx = self.child(paste, kind, value, global_conf, key.value_location, "use")
        if ctx.object_type == "ERROR":
            ctx.definition = [section] + ctx.definition
            return ctx
        ctx.global_conf.update(additions)
        ctx.local_conf.update(local)
        ctx.file = paste
        ctx.definition = [section] + ctx.definition
        if ctx.protocol is None:
            prefix = section.header.split(":", 1)[0]
            if prefix in ("application", "app"):
                ctx.protocol = "paste.app_factory"
            elif prefix in ("composit", "composite"):
                ctx.protocol = "paste.composit_factory"
            else:
                ctx.protocol = f"paste.{prefix}_factory"
        return ctx

    def _explicit(self, paste, kind, section, local, global_conf) -> Ctx:
        groups = APP_PROTOCOL_GROUPS if kind is APP else FILTER_PROTOCOL_GROUPS
        possible = []
        for group in groups:
            for protocol in group:
                if protocol in local:
                    possible.append(protocol)
                    break
        if len(possible) > 1:
            keys = [local[p][1] for p in possible]
            raise Failure(ResolutionError(
                ErrorCategory.MULTIPLE_PROTOCOLS,
                f"{section.label} names its factory twice ({', '.join(possible)}); keep exactly one",
                keys[1].location if keys[1] else section.location,
                f"LookupError: Multiple protocols given in section {section.header!r}: "
                f"{[(p, local[p][0]) for p in possible]}", section.header))
        if not possible:
            accepted = [p for g in groups for p in g]
            wrong = [k for k in local if k.startswith("paste.") and k.endswith(("_factory", "_runner"))]
            detail = (f"; '{wrong[0]}' is not read in a {'filter' if kind is FILTER else 'application'} section"
                      if wrong else "")
            raise Failure(ResolutionError(
                ErrorCategory.NO_LOADER,
                f"{section.label} has neither 'use' nor a factory key ({' or '.join(accepted)}){detail}",
                local[wrong[0]][1].location if wrong and local[wrong[0]][1] else section.location,
                f"LookupError: No loader given in section {section.header!r}", section.header))
        protocol = possible[0]
        value, key = local.pop(protocol)
        if not importlib.metadata.EntryPoint.pattern.match(value):
            raise Failure(ResolutionError(
                ErrorCategory.BAD_FACTORY_SPEC,
                f"'{protocol}' must be 'package.module:attribute', not {value!r}"
                + (" — an indented line was glued onto it" if "\n" in value else ""),
                key.value_location,
                "AttributeError: 'NoneType' object has no attribute 'group'", section.header))
        spec = factory_spec(value, key, (protocol,), paste.here)
        return Ctx("APP" if kind is APP else "FILTER", protocol, paste, section, [section], spec, local, global_conf)

    def load_uri(self, kind: ObjectKind, uri: str, relative_to: str, global_conf, location: Location,
                 paste: PasteFile) -> Ctx:
        name = None
        if "#" in uri:
            uri, name = uri.split("#", 1)
        name = "main" if name is None else name
        scheme, rest = uri.split(":", 1)
        scheme = scheme.lower()
        if scheme not in KNOWN_SCHEMES:
            confused = scheme in ("filter", "app", "application", "pipeline", "composite", "filter-app")
            raise Failure(ResolutionError(
                ErrorCategory.UNKNOWN_SCHEME,
                f"'{uri}' is read as a URI with the unknown scheme '{scheme}:'"
                + (f" — write the section name without its '{scheme}:' prefix" if confused else ""),
                location, f"LookupError: URI scheme not known: {scheme!r} (from config, egg, call)"))
        protocols = ("paste.app_factory",) if kind is APP else ("paste.filter_factory",)
        key = Key("use", uri, uri, location.path, location.line or 0, location.column or 0, location.line or 0,
                  location.column or 0, location.line or 0, "")
        if scheme == "config":
            path = rest if os.path.isabs(rest) else os.path.join(relative_to, rest)
            other = self.load_file(os.path.normpath(path), location)
            ctx = self.get_context(other, kind, name, global_conf, location, "config")
            return ctx
        if scheme == "egg":
            if not _DIST_NAME.match(rest):
                raise Failure(ResolutionError(
                    ErrorCategory.PACKAGE_NOT_FOUND,
                    f"'egg:{rest}' is not a distribution name; PasteDeploy 3 no longer accepts version "
                    "specifiers or extras in egg: references",
                    location, f"importlib.metadata.PackageNotFoundError: No package metadata was found for {rest}"))
            if not re.fullmatch(r"[\w.+-]+", name):
                raise Failure(ResolutionError(
                    ErrorCategory.ENTRY_POINT_NOT_FOUND,
                    f"{name!r} cannot be an entry-point name" + (" — an indented line was glued onto it"
                                                                  if "\n" in name else ""),
                    location, f"LookupError: Entry point {name!r} not found in egg {rest!r} (protocols: "
                    f"{', '.join(p for g in (APP_PROTOCOL_GROUPS if kind is APP else FILTER_PROTOCOL_GROUPS) for p in g)}; "
                    "entry_points: )"))
            group = KNOWN_EGG_GROUPS.get((normalise_dist(rest), name))
            accepted = [p for g in (APP_PROTOCOL_GROUPS if kind is APP else FILTER_PROTOCOL_GROUPS) for p in g]
            if group is not None and group not in accepted:
                raise Failure(ResolutionError(
                    ErrorCategory.ENTRY_POINT_NOT_FOUND,
                    f"'egg:{rest}#{name}' is a {group.split('.')[1].replace('_', ' ')}, not a "
                    f"{'filter' if kind is FILTER else 'application'}",
                    location, f"LookupError: Entry point {name!r} not found in egg {rest!r} (protocols: "
                    f"{', '.join(p for g in (APP_PROTOCOL_GROUPS if kind is APP else FILTER_PROTOCOL_GROUPS) for p in g)}; "
                    "entry_points: )"))
            protocol = group or protocols[0]
            spec = FactorySpec(FactoryScheme.EGG, f"egg:{rest}#{name}", key, (protocol,), distribution=rest,
                               entry_point=name)
            return Ctx("APP" if kind is APP else "FILTER", protocol, paste, None, [], spec, {}, dict(global_conf or {}))
        if ":" not in rest:
            raise Failure(ResolutionError(
                ErrorCategory.BAD_CALL_SPEC, f"'call:{rest}' must be 'call:package.module:attribute'", location,
                "LookupError: Configuration not in format module:function"))
        if rest.count(":") > 1:
            raise Failure(ResolutionError(
                ErrorCategory.BAD_CALL_SPEC, f"'call:{rest}' has more than one ':'", location,
                "ValueError: too many values to unpack (expected 2)"))
        module, attr = rest.split(":")
        if not _DOTTED.fullmatch(module) or not all(part.isidentifier() for part in attr.split(".") if attr):
            raise Failure(ResolutionError(
                ErrorCategory.BAD_CALL_SPEC,
                f"'call:{rest}' is not 'call:package.module:attribute'"
                + (" — an indented line was glued onto it" if "\n" in rest else ""),
                location, "ModuleNotFoundError / AttributeError while importing it"))
        spec = FactorySpec(FactoryScheme.CALL, f"call:{rest}", key, (), module=module, attr=attr or None)
        return Ctx("APP" if kind is APP else "FILTER", None, paste, None, [], spec, {}, dict(global_conf or {}))
