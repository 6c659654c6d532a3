"""The parts of a policy test file, as plain data.

A ``TestFile`` holds one policy state (``StateSpec``) and its ``Case``s. Each case is one
expectation — who, which action (a name or a glob), which target, allow or deny — with
the file position of the line that states it: in a table (``allow:``/``deny:`` lists)
every list item is its own case at its own line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykit.findings import Location

RELATIONS = ("own", "other-project", "other-domain")


@dataclass(frozen=True)
class StateSpec:
    """What is tested: paths are already joined to the test file's folder."""

    base: Path
    policy: tuple[Path, ...] = ()
    policy_dirs: tuple[Path, ...] = ()
    deployment: Path | None = None
    service: str | None = None
    defaults: tuple[str, ...] = ()
    flags: dict[str, bool] = field(default_factory=dict)
    default_rule: str | None = "default"
    location: Location | None = None
    # where each key was written, for errors about a value (missing file, unknown service)
    locations: dict[str, Location] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Who:
    """The caller: a named persona, explicit creds, or a Keystone token body."""

    kind: str  # "persona" | "creds" | "token"
    value: Any  # the persona name, the creds mapping, the token body
    location: Location

    @property
    def label(self) -> str:
        if self.kind == "persona":
            return str(self.value)
        return f"{self.kind}@{self.location.line}"


@dataclass(frozen=True)
class Case:
    """One expectation: ``who`` doing ``action`` on ``target`` is ``expect``."""

    who: Who
    action: str  # a policy name or a glob over the state's names
    action_location: Location
    target: Any  # a relation (str) or a flat mapping of target keys
    expect: str  # "allow" | "deny"
    location: Location  # the line that states the expectation (a table item, or the action)
    name: str | None = None

    @property
    def is_glob(self) -> bool:
        return any(ch in self.action for ch in "*?[")


@dataclass(frozen=True)
class DiffSpec:
    """``diff:`` — compared with ``against`` (the file's state with these keys replaced)."""

    against: StateSpec
    personas: tuple[str, ...]
    actions: tuple[str, ...]
    location: Location
    name: str | None = None


@dataclass
class TestFile:
    path: Path
    state: StateSpec
    personas: str | None  # "deployment" | "standard" | None (deployment if there is one)
    cases: list[Case]
    diffs: list[DiffSpec] = field(default_factory=list)
    description: str = ""

    __test__ = False  # not a pytest class
