"""Registered policy defaults: what a service's code registers with oslo.policy.

A policy file only overrides; the rules a service actually enforces are its registered
defaults (``oslo.policy.policies`` entry points) with the file laid over them. These
records are what the enforcer needs for scope types and deprecated names, and what the
linter compares overrides against. They come from installed services or from a file
written by ``policykit defaults export`` (so a repository that holds only policy files
can be linted offline).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RegisteredDefault:
    name: str
    check_str: str
    description: str = ""
    scope_types: tuple[str, ...] | None = None
    operations: tuple[tuple[str, str], ...] = ()  # (method, path)
    deprecated_name: str | None = None
    deprecated_check_str: str | None = None
    deprecated_reason: str | None = None
    deprecated_since: str | None = None
    deprecated_for_removal: bool = False
