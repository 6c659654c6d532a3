"""nova's ``IsAdminCheck`` for oslo.policy, the oracle of the nova profile's ``is_admin:`` check.

nova does not install here, so the class is rebuilt from ``nova/policy.py``: a ``Check``
whose ``__call__`` is ``creds['is_admin'] == (match.lower() == 'true')``, registered for
``is_admin`` only while a test decides with it.
"""

from __future__ import annotations

import contextlib

from oslo_policy import _checks


class OracleIsAdminCheck(_checks.Check):
    """nova/policy.py IsAdminCheck, as nova registers it for 'is_admin'."""

    def __init__(self, kind, match):
        self.expected = match.lower() == "true"
        super().__init__(kind, str(self.expected))

    def __call__(self, target, creds, enforcer):
        return creds["is_admin"] == self.expected


@contextlib.contextmanager
def nova_registered():
    """oslo.policy with nova's check registered for ``is_admin``, restored afterwards."""
    saved = dict(_checks.registered_checks)
    _checks.registered_checks["is_admin"] = OracleIsAdminCheck
    try:
        yield
    finally:
        _checks.registered_checks.clear()
        _checks.registered_checks.update(saved)
