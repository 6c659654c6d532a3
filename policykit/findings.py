"""Findings: what every check in every subject produces.

A rule's check yields ``Problem``s — where, what, the hint, the subject, a fix — and the
rule catalogue (``policykit.rules``) stamps the rule's code and severity on each, making
it a ``Finding``. A finding is plain data: a stable code, a severity, a location and a
one-line message, with an optional hint ("did you mean ...") and an optional safe fix.
Reporters (``policykit.report``) only ever see findings and the rule catalogue; checks
never print.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; use error, warning or info") from None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points. Lines and columns are 1-based; None when unknown."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        text = self.path
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


_LONG_WORD = 120
_LONG_WORD_PATTERN = re.compile(r"\S{%d,}" % (_LONG_WORD + 1))


def shorten_words(text: str) -> str:
    """``text`` with every run of more than 120 non-space characters cut to an excerpt."""
    return _LONG_WORD_PATTERN.sub(lambda m: f"{m.group()[:60]}…[{len(m.group()):,} characters]", text)


@dataclass(frozen=True, slots=True)
class Fix:
    """A safe textual fix: replace ``[start, end)`` character offsets of the file with ``replacement``."""

    start: int
    end: int
    replacement: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    location: Location
    severity: Severity = Severity.WARNING
    hint: str | None = None
    # The policy name, paste section or catalog entry the finding is about; used by
    # per-policy ignores and baselines, which must survive line moves.
    subject: str | None = None
    fix: Fix | None = None
    related: tuple[Location, ...] = field(default_factory=tuple)
    # A finding standing for many of one rule in one file (``policykit.lint.grouping``): each of them.
    members: tuple["Finding", ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        # A message quotes at most an excerpt of a value: a 50 MB rule must not be
        # repeated into every report.
        for name in ("message", "hint"):
            text = getattr(self, name)
            if text and len(text) > _LONG_WORD:
                object.__setattr__(self, name, shorten_words(text))

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line or 0, loc.column or 0, self.code, self.message)


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule's check yields; the catalogue turns it into a Finding of that rule.

    ``severity`` is left None (the rule's own) except by the few rules whose documentation
    says the level depends on the case.
    """

    message: str
    location: Location
    hint: str | None = None
    subject: str | None = None
    fix: Fix | None = None
    related: tuple[Location, ...] = field(default_factory=tuple)
    severity: Severity | None = None

    def stamp(self, code: str, severity: Severity) -> Finding:
        return Finding(
            code=code, message=self.message, location=self.location, severity=self.severity or severity,
            hint=self.hint, subject=self.subject, fix=self.fix, related=tuple(self.related),
        )
