"""A case's target: explicit keys, or a relation (own / other-project / other-domain).

Relations are built by ``policykit.analysis.targets.build_target`` from the keys the
rule substitutes and their meaning; the runner asks once per (action, creds, relation).
"""

from __future__ import annotations

from policykit.errors import InputError
from policykit.findings import Location


def relation_target(state, action: str, creds: dict, relation: str, location: Location) -> dict:
    key = (action, id(creds), relation)
    cached = state._targets.get(key)
    if cached is not None:
        return cached
    try:
        from policykit.analysis.targets import build_target
    except ImportError:
        raise InputError(f"target {relation!r} needs policykit.analysis, which is not installed", location,
                         hint="give the target keys explicitly, e.g. target: {project_id: p1}") from None
    target = dict(build_target(state.policy, action, creds, relation))
    state._targets[key] = target
    return target
