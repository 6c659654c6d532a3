"""The policy state a test file names, loaded: the ``Policy``, its personas, its targets.

``LoadedState`` is what the runner and coverage need from a state: the compiled
``Policy`` (files + overlays + registered defaults + ``[oslo_policy]`` flags), the
creds of a named persona, the target of an action for a relation, and the policy files
the rules came from.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from policykit.errors import InputError
from policykit.findings import Location
from policykit.testing.model import StateSpec


@dataclass
class LoadedState:
    spec: StateSpec
    policy: Any  # policykit.policy.enforcer.Policy
    deployment: Any = None  # policykit.deployment.Deployment
    persona_source: str | None = None
    _targets: dict = field(default_factory=dict, repr=False)

    @property
    def names(self) -> list[str]:
        """Every policy name the state defines (file rules, then registered defaults)."""
        return [name for name in self.policy.rules if isinstance(name, str)]

    def persona_creds(self, name: str, location: Location) -> dict:
        from policykit.testing.personas import persona_creds

        return persona_creds(self, name, location)

    def target(self, action: str, creds: dict, relation: str, location: Location) -> dict:
        from policykit.testing.targets import relation_target

        return relation_target(self, action, creds, relation, location)


def _service(deployment, name: str, location: Location | None):
    for service in deployment.services:
        if name in (service.name, service.type):
            return service
    known = [s.name or s.type for s in deployment.services]
    close = difflib.get_close_matches(name, known, n=1)
    raise InputError(f"no service {name!r} in {deployment.path}", location,
                     hint=f"did you mean {close[0]!r}?" if close else f"services: {', '.join(known)}")


def load_state(spec: StateSpec, persona_source: str | None = None) -> LoadedState:
    from policykit.policy.defaults import merge, resolve_defaults
    from policykit.policy.enforcer import Policy

    deployment = None
    policy_paths = list(spec.policy)
    defaults = list(spec.defaults)
    if spec.deployment is not None:
        from policykit.deployment import load_deployment

        if not spec.deployment.is_file():
            raise InputError(f"no such deployment file: {spec.deployment}", spec.locations.get("deployment"))
        deployment = load_deployment(spec.deployment)
        if spec.service is not None:
            service = _service(deployment, spec.service, spec.locations.get("service"))
            if not policy_paths:
                policy_paths = list(service.policy)
            if not defaults and service.defaults:
                defaults = [service.defaults]
            if not policy_paths:
                raise InputError(f"service {spec.service!r} lists no policy file in {deployment.path}",
                                 spec.locations.get("service"), hint="add 'policy:' to the state or to the service")
    for path in policy_paths:
        if not Path(path).is_file():
            raise InputError(f"no such policy file: {path}", spec.locations.get("policy"),
                             hint="paths in a test file are relative to the test file")
    base_dir = spec.deployment.parent if (spec.deployment is not None and not spec.defaults) else spec.base
    registered = merge(resolve_defaults(str(item), base_dir=base_dir) for item in defaults)
    registered_list = list(registered.rules.values()) if registered else []
    if spec.flags.get("enforce_scope") is False:
        # oslo.policy only logs a warning for a token of the wrong scope then
        registered_list = [replace(default, scope_types=None) for default in registered_list]
    document = _document(policy_paths, spec.policy_dirs)
    policy = Policy(document.rules, spec.default_rule, document=document, registered=registered_list,
                    enforce_new_defaults=spec.flags.get("enforce_new_defaults", True))
    return LoadedState(spec, policy, deployment, persona_source)


def _document(paths: list, policy_dirs: tuple):
    """The main file, later files laid over it in order, then the overlay directories."""
    from policykit.policy.document import PolicyDocument, load_policy_document, policy_file_from_text
    from policykit.sources import read_text

    main, *more = paths
    document = load_policy_document(main, policy_dirs=tuple(policy_dirs))
    if not more:
        return document
    extra = [policy_file_from_text(read_text(path), str(path)) for path in more]
    merged = PolicyDocument(document.path, document.files[:1] + extra + document.files[1:])
    merged.raise_errors()
    return merged
