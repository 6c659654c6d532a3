"""neutron's own check classes, registered with oslo.policy for one decision at a time.

``neutron_decide`` runs oslo.policy's ``Enforcer.enforce`` with neutron's FieldCheck and
OwnerCheck registered (as ``neutron/policy.py`` registers them on import) and returns
the decision or ``"raises:<class name>"``. neutron's database is a small fake: network,
router, security group ... ``<id>`` is owned by the project named in the id after the
last dash (``n-p1`` → ``p1``) and is shared when the id starts with ``s``.
Importing neutron registers its checks process-wide; the registry is restored at once
and the checks are registered only inside ``neutron_decide``, so other tests keep
oslo.policy's plain behaviour.
"""

from __future__ import annotations

import contextlib
import logging
import types

import pytest

neutron_policy = None
try:  # neutron is heavy; the differential tests run where it is installed
    from oslo_policy import _checks

    _before = dict(_checks.registered_checks)
    import neutron.policy as neutron_policy  # noqa: E402
    _NEUTRON_CHECKS = {kind: _checks.registered_checks[kind] for kind in ("field", "project_id", "tenant_id")}
    _checks.registered_checks.clear()
    _checks.registered_checks.update(_before)
except ImportError:  # pragma: no cover - depends on the environment
    _NEUTRON_CHECKS = {}

needs_neutron = pytest.mark.skipif(neutron_policy is None, reason="neutron is not installed")


def owner_of(resource_id) -> str:
    return str(resource_id).rsplit("-", 1)[-1]


def shared_of(resource_id) -> bool:
    return str(resource_id).startswith("s")


class _FakeDatabase:
    def __getattr__(self, name):
        if not name.startswith("get_"):
            raise AttributeError(name)

        def get(context, resource_id, fields=None):
            return {"project_id": owner_of(resource_id), "tenant_id": owner_of(resource_id),
                    "shared": shared_of(resource_id)}
        return get


def database_value(key: str, target: dict):
    """What neutron's database answers for a target key the checks ask to be filled."""
    if key == "shared":
        return shared_of(target["network_id"])
    parent = key.split(":", 1)[0] if ":" in key else key.split("_", 1)[0]
    if parent == "ext_parent":
        ids = [target[f"ext_parent_{r}_id"] for r in ("floatingip", "router", "local_ip", "policy")
               if f"ext_parent_{r}_id" in target]
    else:
        ids = [target[f"{parent}_id"]]
    return owner_of(ids[0])


def _populate_attribute_map() -> None:
    """The attribute map a neutron server has once its extensions are loaded."""
    import importlib
    import pkgutil

    from neutron_lib.api import attributes
    import neutron_lib.api.definitions as definitions

    for module_info in pkgutil.iter_modules(definitions.__path__):
        module = importlib.import_module(f"neutron_lib.api.definitions.{module_info.name}")
        for resource, attrs in (getattr(module, "RESOURCE_ATTRIBUTE_MAP", None) or {}).items():
            if isinstance(attrs, dict):
                merged = attributes.RESOURCES.setdefault(resource, {})
                for name, spec in attrs.items():
                    merged.setdefault(name, spec)


@contextlib.contextmanager
def _neutron_registered():
    from oslo_policy import _checks

    saved = dict(_checks.registered_checks)
    saved_directory, saved_context = neutron_policy.directory, neutron_policy.context
    database = _FakeDatabase()
    neutron_policy.directory = types.SimpleNamespace(get_plugin=lambda *name: database)
    neutron_policy.context = types.SimpleNamespace(get_admin_context=lambda: None, Context=lambda **kw: None)
    _checks.registered_checks.update(_NEUTRON_CHECKS)
    try:
        yield
    finally:
        _checks.registered_checks.clear()
        _checks.registered_checks.update(saved)
        neutron_policy.directory, neutron_policy.context = saved_directory, saved_context


_READY = False


def neutron_decide(rules: dict, name: str, target: dict, creds: dict):
    global _READY
    from oslo_outcome import in_memory_outcome

    logging.getLogger("neutron").setLevel(logging.CRITICAL)
    if not _READY:
        _populate_attribute_map()
        _READY = True
    with _neutron_registered():
        return in_memory_outcome(rules, name, target, creds)
