"""policykit: OpenStack policy, service catalog and paste pipeline toolkit.

Public API (stable): ``parse_rule``, ``Policy``, ``load_policy``, ``EvaluationError``.
Imports are lazy so that ``policykit --help`` and the linters start fast.
"""

from __future__ import annotations

from importlib import import_module

from policykit.errors import EvaluationError, InputError

__version__ = "0.1.0"

_LAZY = {
    "parse_rule": "policykit.policy.parser",
    "Policy": "policykit.policy.enforcer",
    "load_policy": "policykit.policy.enforcer",
}

__all__ = ["EvaluationError", "InputError", "Policy", "load_policy", "parse_rule", "__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'policykit' has no attribute {name!r}")
