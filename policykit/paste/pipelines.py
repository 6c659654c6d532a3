"""Views over resolved branches that the graph, ordering and security rules share.

A file's roots overlap heavily (glance's six ``glance-api-*`` urlmaps all lead into the
same ``[composite:api]``), so the same pipeline line is reached through many branches.
Rules walk :func:`distinct_branches` and report through :class:`Reporter`, which keeps
one finding per (code, place, message) and names the shortest branch that shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from policykit.findings import Location, Problem, Severity
from policykit.paste import middleware as mw
from policykit.paste.document import SectionKind
from policykit.paste.resolution import Branch, Stage, StageRole
from policykit.paste.selection import FlavorSelection, PasteContext

# Service wrappers whose real factory is named by another key of the section
# (heat: ``paste.filter_factory = heat.common.wsgi:filter_factory`` plus
# ``heat.filter_factory = heat.api.openstack:faultwrap_filter``).
_INDIRECT_FACTORY_KEYS = {
    "heat.common.wsgi:filter_factory": "heat.filter_factory",
    "heat.common.wsgi:app_factory": "heat.app_factory",
}


@dataclass(frozen=True)
class Step:
    """A stage with what policykit knows about its middleware."""

    stage: Stage
    index: int
    middleware: mw.Middleware | None
    role: str

    @property
    def name(self) -> str:
        return self.stage.name

    @property
    def is_filter(self) -> bool:
        return self.stage.role is StageRole.FILTER

    @property
    def section_location(self) -> Location | None:
        return self.stage.section.location if self.stage.section is not None else None

    @property
    def related(self) -> tuple[Location, ...]:
        location = self.section_location
        return (location,) if location is not None else ()

    def option(self, name: str) -> str | None:
        key = self.stage.local_conf.get(name)
        return key.text if key is not None else None


def factory_text(stage: Stage) -> str | None:
    """The factory spec that decides what the stage is, following service wrappers."""
    text = stage.factory_text
    key = mw.factory_key(text)
    if key in _INDIRECT_FACTORY_KEYS:
        inner = stage.local_conf.get(_INDIRECT_FACTORY_KEYS[key])
        if inner is not None:
            return inner.text
    return text


def describe(stage: Stage, index: int = 0) -> Step:
    known = mw.identify(factory_text(stage))
    if known is not None:
        return Step(stage, index, known, known.role)
    return Step(stage, index, None, mw.role_by_name(stage.name))


def steps(branch: Branch) -> list[Step]:
    return [describe(stage, i) for i, stage in enumerate(branch.stages)]


def _signature(branch: Branch) -> tuple:
    return tuple((s.reference, s.location.path, s.location.line, s.location.column) for s in branch.stages)


def distinct_branches(context: PasteContext) -> list[Branch]:
    """Every branch of every root, each distinct stage sequence once (fewest choices first)."""
    best: dict[tuple, Branch] = {}
    for root in context.resolution.roots:
        for branch in root.branches:
            key = _signature(branch)
            kept = best.get(key)
            if kept is None or len(branch.choices) < len(kept.choices):
                best[key] = branch
    return list(best.values())


def branch_name(branch: Branch) -> str:
    """How messages name a branch: the root, plus the flavor/auth_strategy key when one was taken."""
    selector = branch.selector()
    if selector is None:
        return f"root '{branch.root}'"
    return f"root '{branch.root}', {selector.composite.label} key '{selector.key.name}'"


def live_branches(context: PasteContext) -> list[tuple[Branch, FlavorSelection | None]]:
    """Branches the service will serve, each with the selection that serves it.

    With a known service profile these are the branches of the selected roots under the
    selected flavor/auth_strategy. Without one (or when nothing was selected), every branch
    that takes no selector key: urlmap paths and fixed pipelines are always served; a
    flavor key is not.
    """
    chosen: dict[tuple, tuple[Branch, FlavorSelection | None]] = {}
    for selection in context.selections:
        candidates = selection.branches or ((selection.branch,) if selection.branch else ())
        for branch in candidates:
            chosen.setdefault(_signature(branch), (branch, selection))
    if chosen:
        return list(chosen.values())
    return [(b, None) for b in distinct_branches(context) if b.selector() is None]


def is_swift(context: PasteContext) -> bool:
    if context.profile is not None:
        return context.profile.service == "swift"
    return any(spec.scheme.value == "egg" and spec.distribution and mw.normalise_dist(spec.distribution) == "swift"
               for _, spec in context.resolution.factories)


class Reporter:
    """Collects a rule's problems, one per (location, message), naming the branch that shows it."""

    def __init__(self):
        self._seen: dict[tuple, Problem] = {}

    def add(self, message: str, location: Location, *, hint: str | None = None,
            related: Iterable[Location] = (), subject: str | None = None,
            severity: Severity | None = None) -> None:
        key = (location.path, location.line, location.column, message)
        if key in self._seen:
            return
        self._seen[key] = Problem(message, location, hint=hint, subject=subject, severity=severity,
                                  related=tuple(r for r in related if r is not None))

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self._seen.values(), key=_problem_order))


def _problem_order(problem: Problem) -> tuple:
    # Finding.sort_key without the code: every problem here is of one rule.
    loc = problem.location
    return (loc.path, loc.line or 0, loc.column or 0, problem.message)


def stage_subject(step: Step) -> str:
    return step.stage.section.header if step.stage.section is not None else step.stage.reference


def order_violations(branch_steps: list[Step], subject_role: str,
                     must_precede: set[str]) -> Iterator[tuple[Step, Step]]:
    """(subject, earlier) pairs where a stage of ``subject_role`` comes after one of ``must_precede``.

    Only the first offending predecessor is given for each subject stage, so that one fix
    hint ("move X before Y") repairs the whole pipeline.
    """
    for step in branch_steps:
        if step.role != subject_role or not step.is_filter:
            continue
        for earlier in branch_steps[: step.index]:
            if earlier.role in must_precede and earlier.is_filter:
                yield step, earlier
                break


def is_true(text: str | None) -> bool:
    """oslo's bool_from_string for the spellings seen in paste files."""
    return (text or "").strip().lower() in {"1", "t", "true", "on", "y", "yes"}


def sections_reached_from_other_roots(context: PasteContext) -> set[str]:
    """Headers some root reaches, not counting a root reaching itself."""
    reached: set[str] = set()
    for root in context.resolution.roots:
        own = root.section.header
        touched: set[str] = set()
        for branch in root.branches:
            touched.update(p.header for p in branch.pipelines)
            touched.update(c.composite.header for c in branch.choices)
            for stage in branch.stages:
                touched.update(s.header for s in stage.definition)
                if stage.section is not None:
                    touched.add(stage.section.header)
        touched.discard(own)
        reached |= touched
    # A section that reaches itself (a cycle) is not "reached from another root" — it is
    # broken, which the structural rules report.
    return reached


def names_mentioned_by_composites(context: PasteContext) -> set[str]:
    """Every whitespace token in composite values: targets of factories policykit may not model."""
    mentioned: set[str] = set()
    for section in context.paste.sections:
        if section.kind is not SectionKind.COMPOSITE:
            continue
        for key in section.keys:
            if key.name == "use" or key.name.startswith("paste."):
                continue
            mentioned.update(key.text.split())
    return mentioned
