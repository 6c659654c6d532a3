"""A request as the service sees it: the creds its RequestContext hands to oslo.policy, and
the target it builds for an action on the caller's own (or someone else's) resource.

``request_creds`` adds what the service derives (nova's ``is_admin`` from
``context_is_admin``); ``target_hints`` gives the values the profile knows for target
keys whose name says nothing (the target itself is built from the keys the action's rule
substitutes, by ``policykit.analysis.targets.build_target``); ``creds_problems`` names
creds that would make every check quietly false (``role:`` for ``roles:``, roles given
as one string).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from policykit.services.profile import CONTEXT_CREDENTIALS, ServiceProfile

RELATIONS = ("own", "other-project", "other-domain")


@dataclass
class Request:
    creds: dict
    target: dict
    derived: dict = field(default_factory=dict)  # creds keys the service added
    target_built: str | None = None  # the relation the target was built for; None when given
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"creds": self.creds, "derived_creds": sorted(self.derived), "target": self.target,
                "target_built_for": self.target_built, "warnings": list(self.warnings)}


def with_token_body(profile: ServiceProfile | None, creds: Mapping, body: Mapping) -> dict:
    """Creds of a token body, for a service whose creds carry the token itself (keystone): the
    body's ``token`` as it is — names, methods and all — in place of one derived from the ids."""
    creds = dict(creds)
    if profile is not None and "token" in profile.credentials and isinstance(body.get("token"), Mapping):
        creds["token"] = dict(body["token"])
    return creds


def request_creds(profile: ServiceProfile | None, creds: Mapping, policy) -> tuple[dict, dict]:
    """(creds as the service's RequestContext gives them, the keys it derived).

    Keys the caller already gave are kept (a creds file with ``is_admin`` is taken at its
    word), except the profile's ``derive_overrides``, which the service always sets itself
    (keystone: ``is_admin_project`` is False for a domain-scoped token)."""
    creds = dict(creds)
    if profile is None or profile.derive_creds is None:
        return creds, {}

    def decide(name, target, values):
        if name not in policy.rules:
            return False  # not registered: the service's authorize raises PolicyNotRegistered; no admin
        return policy.enforce(name, target, values)

    derived = {key: value for key, value in profile.derive_creds(creds, decide).items()
               if key not in creds or (key in profile.derive_overrides and creds[key] != value)}
    return {**creds, **derived}, derived


def target_hints(profile: ServiceProfile | None, keys, creds: Mapping) -> dict:
    """Values for target ``keys`` the profile knows the service fills from the caller's own
    creds (a request on the caller's own resources), for keys whose name says nothing."""
    if profile is None:
        return {}
    hints = {**profile.targets.own, **profile.targets.parents}
    return {key: creds[hints[key]] for key in keys if key in hints and creds.get(hints[key]) is not None}


def loaded_keys_missing(profile: ServiceProfile, keys, target: Mapping) -> list[str]:
    """A warning per key of ``keys`` (those the action's rule substitutes) that the service fills
    from its database (keystone: ``target.user.domain_id`` from the user the request is about)
    and ``target`` lacks: without it those checks are False."""
    prefixes = profile.targets.loaded
    if not prefixes:
        return []
    return [f"target key {key!r} is not in the target: {profile.name} fills it from its database when the "
            f"request involves that entity; checks on it are False here — if it does, give --target {key}=VALUE"
            for key in keys if key.startswith(prefixes) and key not in target]


def creds_problems(creds: Mapping, profile: ServiceProfile | None = None) -> list[str]:
    """Why these creds would make checks false without saying so (empty: nothing noticed)."""
    from policykit import services
    from policykit.suggest import suggest

    known = set(CONTEXT_CREDENTIALS)
    for one in ((profile,) if profile is not None else services.all_profiles()):
        known |= one.credentials
    problems = []
    for key in creds:
        if key in known or not isinstance(key, str):
            continue
        guess = "roles" if key in ("role", "role_names") else suggest(key, known, cutoff=0.7)
        where = f"{profile.name}'s" if profile is not None else "a service's"
        problems.append(f"creds key {key!r} is not one {where} request credentials carry; a check on it never "
                        "matches" + (f" (did you mean {guess!r}?)" if guess else ""))
    roles = creds.get("roles")
    if roles is not None and not (isinstance(roles, list) and all(isinstance(r, str) for r in roles)):
        problems.append(f"creds 'roles' must be a list of role names, got {type(roles).__name__} {roles!r:.60}")
    if "roles" not in creds:
        problems.append("the creds have no 'roles': every role: check is false")
    return problems
