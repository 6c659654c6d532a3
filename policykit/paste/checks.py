"""Small helpers the paste rule modules share (findings, pipeline values, composites)."""

from __future__ import annotations

from typing import Iterable, Iterator

from policykit.findings import Location, Problem, Severity
from policykit.paste.composites import CompositeKind, composite_kind
from policykit.paste.contexts import token_locations
from policykit.paste.document import Key, Section, SectionKind
from policykit.paste.resolution import ErrorCategory, ResolutionError
from policykit.paste.selection import PasteContext
from policykit.paste.resolver import section_factory


def problem(message: str, location: Location, *, hint: str | None = None,
            subject: str | None = None, related: Iterable[Location | None] = (),
            severity: Severity | None = None) -> Problem:
    """A Problem whose related locations may include unknown ones (None), which are left out."""
    return Problem(message, location, hint=hint, subject=subject, severity=severity,
                   related=tuple(r for r in related if r is not None))


def errors_of(context: PasteContext, *categories: ErrorCategory) -> Iterator[ResolutionError]:
    for error in context.resolution.errors:
        if error.category in categories:
            yield error


def composite_kind_of(context: PasteContext, section: Section) -> CompositeKind:
    cache = context.options.get("_composite_kinds") if isinstance(context.options, dict) else None
    if cache is not None and section.header in cache:
        return cache[section.header]
    kind = composite_kind(section_factory(context.paste, section)) if section.kind is SectionKind.COMPOSITE \
        else CompositeKind.UNKNOWN
    if cache is not None:
        cache[section.header] = kind
    return kind


def pipeline_values(context: PasteContext) -> Iterator[tuple[Section, Key, list[str], list[Location]]]:
    """Every pipeline written in the file: [pipeline:] ``pipeline`` keys and the keys of
    selector (pipeline_factory) composites, with the location of each item."""
    paste = context.paste
    for section in paste.sections:
        keys: list[Key] = []
        if section.kind is SectionKind.PIPELINE:
            key = section.get("pipeline")
            keys = [key] if key is not None and key in paste.local_keys(section) else []
        elif section.kind is SectionKind.COMPOSITE and composite_kind_of(context, section) is CompositeKind.SELECTOR:
            keys = [k for k in paste.local_keys(section) if k.name != "use" and not k.name.startswith("paste.")
                    and not k.is_set and not k.is_get]
        for key in keys:
            items = key.text.split()
            yield section, key, items, token_locations(paste, key, items) if items else []
