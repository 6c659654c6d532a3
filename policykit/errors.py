"""Exceptions that cross module boundaries.

Anything the command line turns into exit code 2 derives from ``InputError``: the
message is meant for a person and already says where (path:line:col) and what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policykit.findings import Location


class PolicykitError(Exception):
    """Base of every error policykit raises on purpose."""


class InputError(PolicykitError):
    """A file, argument or configuration policykit cannot use (exit code 2)."""

    def __init__(self, message: str, location: "Location | None" = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class EvaluationError(PolicykitError):
    """Evaluating a rule failed where oslo.policy's ``Enforcer.enforce`` would raise.

    ``oslo_exception`` names the exception class oslo.policy raises for the same input
    (``SyntaxError``, ``ValueError``, ``TypeError``, ``KeyError``...), so callers and
    differential tests can compare failures, not only decisions.
    """

    def __init__(self, message: str, oslo_exception: str | None = None):
        super().__init__(message)
        self.oslo_exception = oslo_exception
