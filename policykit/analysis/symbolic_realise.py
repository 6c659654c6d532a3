"""A solver model as a concrete request: creds and target a person can replay.

Each abstract value of ``symbolic_encode`` has a JSON value that behaves exactly so: a
scalar's text is a string (or the falsy value whose ``str()`` it is), a list holds the
strings the model puts in it (plus one no rule compares with, when it must be
non-empty), a dotted path becomes nested objects with a non-mapping after its members
when the model wants the walk to fail.
"""

from __future__ import annotations

from typing import Any

import z3

from policykit.analysis.symbolic_encode import (LIST, ROLES_BROKEN, ROLES_LIST, SCALAR, Request, python_text,
                                                z3_text)

# str() of every falsy JSON value that is not a list, and the value.
_FALSY_VALUES = {"": "", "None": None, "False": False, "0": 0, "0.0": 0.0, "-0.0": -0.0, "{}": {}}


def realise(model, request: Request) -> tuple[dict, dict]:
    """A concrete (creds, target) of the request a model describes."""
    def string(expr) -> str:
        return python_text(model.eval(expr, model_completion=True))

    def boolean(expr) -> bool:
        return z3.is_true(model.eval(expr, model_completion=True))

    creds: dict[str, Any] = {}
    for key, slot in request.slots.items():
        kind = model.eval(slot.kind, model_completion=True).as_long()
        if kind == SCALAR:
            text = string(slot.text)
            creds[key] = text if boolean(slot.truthy) or text == "" else _FALSY_VALUES[text]
        elif kind == LIST:
            probes = {string(p) for p in slot.probes}
            members = sorted(p for p in probes if boolean(z3.Select(slot.members, z3_text(p))))
            if boolean(slot.nonempty) and not members:
                filler = "x"
                while filler in probes:
                    filler += "x"
                members = [filler]
            creds[key] = members
    state = model.eval(request.roles_state, model_completion=True).as_long()
    if request.generic_on_roles:  # the generic slot already holds ``roles``
        pass
    elif state == ROLES_LIST:
        creds["roles"] = sorted(name for name, var in request.roles.items() if boolean(var))
    elif state == ROLES_BROKEN:
        creds["roles"] = None
    for path, slot in request.paths.items():
        members = sorted({string(p) for p in slot.probes if boolean(z3.Select(slot.members, p))})
        _place(creds, path, members, boolean(slot.broken))
    target = {key: string(text) for key, (present, text) in request.targets.items() if boolean(present)}
    return creds, target


def _place(creds: dict, path: tuple, members: list, broken: bool) -> None:
    """Build nested creds in which walking ``path`` meets ``members``, then (if broken) a
    string it cannot index: ``{a: [{b: members}, "not-a-mapping"]}`` for ``a.b``."""
    if not members and not broken:
        return
    node = creds
    for segment in path[:-1]:
        child = node.get(segment)
        if isinstance(child, list):  # an earlier path made this level broken
            child = child[0]
        elif not isinstance(child, dict):
            child = node[segment] = {}
        node = child
    node[path[-1]] = members
    if broken:
        parent = creds
        for segment in path[:-2]:
            parent = parent[segment] if isinstance(parent[segment], dict) else parent[segment][0]
        last = parent[path[-2]]
        if not isinstance(last, list):
            parent[path[-2]] = [last, "not-a-mapping"]
