"""Persona names in a test file → the creds a token of that persona carries.

Names are looked up in the deployment first (``alice@demo``), then in the standard set
(``policykit.analysis.personas``); ``personas: standard`` in the file reverses that.
"""

from __future__ import annotations

from policykit.deployment.personas import personas_of
from policykit.errors import InputError
from policykit.findings import Location
from policykit.suggest import suggest


def standard_personas() -> dict[str, dict]:
    """The standard set, name → creds ({} when the analysis layer is not installed)."""
    try:
        from policykit.analysis.personas import standard_personas as standard
    except ImportError:
        return {}
    return {persona.name: dict(persona.creds) for persona in standard()}


def _deployment_personas(state) -> dict[str, dict]:
    if state.deployment is None:
        return {}
    cache = getattr(state, "_deployment_personas", None)
    if cache is None:
        cache = {persona.name: dict(persona.creds) for persona in personas_of(state.deployment)}
        state._deployment_personas = cache
    return cache


def persona_creds(state, name: str, location: Location) -> dict:
    deployment = _deployment_personas(state)
    standard = standard_personas()
    order = (standard, deployment) if state.persona_source == "standard" else (deployment, standard)
    for table in order:
        if name in table:
            return table[name]
    known = list(deployment) + [n for n in standard if n not in deployment]
    close = suggest(name, known)
    if close:
        hint = f"did you mean {close!r}?"
    elif known:
        hint = f"known personas: {', '.join(known)}"
    else:
        hint = "name the deployment in the state ('deployment: FILE'), or give 'creds:' or 'token:'"
    raise InputError(f"unknown persona {name!r}", location, hint=hint)
