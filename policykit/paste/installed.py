"""``--check-installed``: factories checked against what is installed, importing nothing.

Two questions, answered from metadata and the file system only, so that no service code
(and none of its import-time side effects) runs:

* ``egg:Dist#name`` — is the distribution installed (``importlib.metadata``), and does it
  declare the entry point in a group that fits the section kind? PasteDeploy's own error
  for the wrong-group case lists no entry points (a stale loop variable); this says where
  the name does exist.
* ``module.path:attr`` (``call:`` and ``paste.*_factory`` keys) — is the top-level package
  importable (``importlib.util.find_spec`` on the top-level name, which imports nothing),
  and do the sub-packages and the module exist on disk under its search locations? The
  attribute itself is not checked: that would need an import.

``require = Dist1 Dist2`` lines are checked with ``importlib.metadata.distribution``, as
PasteDeploy does.
"""

from __future__ import annotations

import importlib.machinery
import importlib.metadata
import importlib.util
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from policykit.suggest import suggest

PASTE_GROUPS = ("paste.app_factory", "paste.composite_factory", "paste.composit_factory",
                "paste.filter_factory", "paste.filter_app_factory", "paste.server_factory", "paste.server_runner")


@dataclass(frozen=True)
class Problem:
    """Why a factory will not load here; ``exception`` is what PasteDeploy would raise."""

    message: str
    exception: str
    hint: str | None = None


@lru_cache(maxsize=None)
def _entry_points(distribution: str) -> tuple[tuple[str, str, str], ...] | None:
    """(group, name, value) of every paste entry point of an installed distribution; None if absent."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
    return tuple((ep.group, ep.name, ep.value) for ep in dist.entry_points if ep.group in PASTE_GROUPS)


def installed_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_egg(distribution: str, entry_point: str, protocols: tuple[str, ...]) -> Problem | None:
    """``egg:distribution#entry_point`` asked with the entry-point groups ``protocols``."""
    points = _entry_points(distribution)
    if points is None:
        return Problem(
            f"the distribution '{distribution}' is not installed",
            f"importlib.metadata.PackageNotFoundError: No package metadata was found for {distribution}",
            f"install {distribution} in the service's environment, or run policykit there")
    if any(group in protocols and name == entry_point for group, name, _ in points):
        return None
    version = installed_version(distribution)
    elsewhere = sorted(group for group, name, _ in points if name == entry_point)
    pastedeploy = (f"LookupError: Entry point {entry_point!r} not found in egg {distribution!r} "
                   f"(protocols: {', '.join(protocols)}; entry_points: )")
    if elsewhere:
        wanted = "a filter" if any("filter" in p for p in protocols) else "an application"
        kind = "an [app:] or [composite:]" if any("filter" in p for p in protocols) else "a [filter:]"
        return Problem(
            f"'{distribution}#{entry_point}' ({distribution} {version}) is declared in {', '.join(elsewhere)}, "
            f"not as {wanted}",
            pastedeploy, f"use it from {kind} section")
    names = sorted({name for group, name, _ in points if group in protocols})
    close = suggest(entry_point, names)
    hint = f"did you mean '{close}'?" if close else (
        f"{distribution} {version} offers: {', '.join(names)}" if names else None)
    return Problem(f"{distribution} {version} has no entry point '{entry_point}' in {', '.join(protocols)}",
                   pastedeploy, hint)


def _module_suffixes() -> tuple[str, ...]:
    return tuple(importlib.machinery.all_suffixes())


def _find_child(locations: list[str], name: str) -> tuple[bool, list[str] | None]:
    """Whether ``name`` exists under ``locations``; and its own search locations when it is a package."""
    package_dirs = []
    for base in locations:
        candidate = os.path.join(base, name)
        if os.path.isdir(candidate):
            if any(os.path.isfile(os.path.join(candidate, "__init__" + s)) for s in _module_suffixes()):
                return True, [candidate]
            package_dirs.append(candidate)  # a namespace portion: keep looking for a regular package
            continue
        if any(os.path.isfile(candidate + s) for s in _module_suffixes()):
            return True, None
    if package_dirs:
        return True, package_dirs
    return False, None


def check_module(module: str) -> Problem | None:
    """Whether ``module`` (dotted) can be found; only the top-level name goes through the import system."""
    parts = module.split(".")
    top = parts[0]
    if top in sys.builtin_module_names:
        return None if len(parts) == 1 else Problem(
            f"'{top}' is a built-in module and has no sub-module '{module}'",
            f"ModuleNotFoundError: No module named '{module}'")
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return Problem(f"the module '{top}' is not installed", f"ModuleNotFoundError: No module named '{top}'",
                       f"install the distribution that provides '{top}' in the service's environment")
    locations = list(spec.submodule_search_locations or [])
    for depth, part in enumerate(parts[1:], start=1):
        found, children = _find_child(locations, part)
        name = ".".join(parts[: depth + 1])
        if not found:
            return Problem(f"the module '{name}' does not exist in the installed '{top}'",
                           f"ModuleNotFoundError: No module named '{name}'")
        if depth < len(parts) - 1 and children is None:
            following = ".".join(parts[: depth + 2])
            return Problem(f"'{name}' is a module, not a package, so '{following}' cannot exist",
                           f"ModuleNotFoundError: No module named '{following}'; '{name}' is not a package")
        locations = children or []
    return None


def check_requirement(distribution: str) -> Problem | None:
    """A ``require =`` name."""
    if installed_version(distribution) is not None:
        return None
    return Problem(f"the required distribution '{distribution}' is not installed",
                   f"importlib.metadata.PackageNotFoundError: No package metadata was found for {distribution}")
