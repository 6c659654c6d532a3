"""The policy state a test file names, loaded through ``policykit.analysis.state``.

``LoadedState`` adds to the analysis ``PolicyState`` what a test run needs: the
deployment (for persona names), the creds of a named persona and the target of an
action for a relation — each looked up once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policykit.errors import InputError
from policykit.findings import Location
from policykit.testing.model import StateSpec
from policykit.suggest import suggest


@dataclass
class LoadedState:
    spec: StateSpec
    analysis: Any  # policykit.analysis.state.PolicyState
    deployment: Any = None  # policykit.deployment.Deployment
    persona_source: str | None = None
    _targets: dict = field(default_factory=dict, repr=False)
    _deployment_personas: dict | None = field(default=None, repr=False)

    @property
    def policy(self):
        return self.analysis.policy

    @property
    def names(self) -> list[str]:
        """Every policy name the state defines (file rules and registered defaults)."""
        return [name for name in self.policy.rules if isinstance(name, str)]

    def persona_creds(self, name: str, location: Location) -> dict:
        from policykit.testing.personas import persona_creds

        return persona_creds(self, name, location)

    def target(self, action: str, creds: dict, relation: str, location: Location) -> dict:
        key = (action, id(creds), relation)
        target = self._targets.get(key)
        if target is None:
            from policykit.analysis.targets import build_target

            analysis = self.analysis
            target = self._targets[key] = dict(build_target(self.policy, action, creds, relation,
                                                            analysis.target_values(action) or None,
                                                            analysis.target_hints))
        return target


def _service(deployment, name: str, location: Location | None):
    for service in deployment.services:
        if name in (service.name, service.type):
            return service
    known = [s.name or s.type for s in deployment.services]
    close = suggest(name, known)
    raise InputError(f"no service {name!r} in {deployment.path}", location,
                     hint=f"did you mean {close!r}?" if close else f"services: {', '.join(known)}")


def _at(error: InputError, location: Location | None) -> InputError:
    """The error, placed at the test file's line when it has no position of its own."""
    if error.location is None and location is not None:
        return InputError(error.message, location, error.hint)
    return error


def load_state(spec: StateSpec, persona_source: str | None = None) -> LoadedState:
    from policykit.analysis import state as analysis

    settings = {key: str(value).lower() for key, value in spec.flags.items()}
    if spec.default_rule != "default":
        settings["policy_default_rule"] = spec.default_rule or ""
    deployment = None
    try:
        if spec.deployment is not None:
            from policykit.deployment import load_deployment

            if not spec.deployment.is_file():
                raise InputError(f"no such deployment file: {spec.deployment}", spec.locations.get("deployment"))
            deployment = load_deployment(spec.deployment)
        if spec.service is not None:
            service = _service(deployment, spec.service, spec.locations.get("service"))
            if spec.policy:
                from dataclasses import replace

                service = replace(service, policy=tuple(spec.policy))
            if not service.policy:
                raise InputError(f"service {spec.service!r} lists no policy file in {deployment.path}",
                                 spec.locations.get("service"), hint="add 'policy:' to the state or to the service")
            state = analysis.state_for_service(deployment, service, settings=settings,
                                               defaults=[_defaults_path(d, spec.base) for d in spec.defaults])
        else:
            _check_files(spec)
            state = analysis.load_state(tuple(spec.policy), policy_dirs=spec.policy_dirs, defaults=spec.defaults,
                                        settings=settings, base_dir=spec.base)
    except InputError as exc:
        raise _at(exc, spec.location) from None
    return LoadedState(spec, state, deployment, persona_source)


def _defaults_path(value: str, base: Path) -> str:
    candidate = base / value
    return str(candidate) if candidate.is_file() else value


def _check_files(spec: StateSpec) -> None:
    for path in spec.policy:
        if not Path(path).is_file():
            raise InputError(f"no such policy file: {path}", spec.locations.get("policy"),
                             hint="paths in a test file are relative to the test file")
