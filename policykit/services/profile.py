"""What a service adds to oslo.policy, as data: the ``ServiceProfile`` record.

oslo.policy alone decides a rule the same way for every service. A service adds its
own check classes (registered with ``oslo_policy.policy.register``), the credential
keys its ``RequestContext.to_policy_values()`` puts in on top of oslo.context's, the
target it builds for a request, its oslo.policy namespaces, where its files live, and
how it picks its paste pipeline. Each module of ``policykit.services`` fills one record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

Decide = Callable[[Any, Any], bool]
# (kind, match, text) -> decide(target, creds): built once per leaf, like oslo builds a Check
CheckFactory = Callable[[str, str, str], Decide]
# (creds, decide_rule) -> the keys the service's RequestContext adds; decide_rule(name, target, creds)
DeriveCreds = Callable[[Mapping, Callable[[str, Mapping, Mapping], bool]], dict]


# The keys oslo.context's RequestContext.to_policy_values() produces, plus ``system``,
# which Enforcer.enforce copies from ``system_scope``: what every service's creds hold.
CONTEXT_CREDENTIALS = frozenset({
    "user_id", "user_domain_id", "system_scope", "domain_id", "project_id", "project_domain_id",
    "roles", "is_admin_project", "service_user_id", "service_user_domain_id", "service_project_id",
    "service_project_domain_id", "service_roles", "system",
})


@dataclass(frozen=True)
class PasteSpec:
    """How the service picks the app it loads from its paste file (docs/paste)."""

    mechanism: str  # "flavor" (suffix), "auth_strategy", "fixed"
    apps: tuple[str, ...]
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TargetHints:
    """How the service builds the target of a request on the caller's own resources.

    ``own``: target key → creds key the service copies (nova's ``default_target``:
    project_id and user_id from the context). ``parents``: target keys the service
    reads from a parent resource (neutron's ``network:project_id``), filled with the
    same creds key when the parent is the caller's own. ``values``: fixed values for
    keys that are neither a project, a user nor a domain, whoever the owner is
    (keystone's ``target.role.name``: the role a grant is about). ``loaded``: prefixes
    of target keys the service loads from its database before it enforces (keystone's
    ``target.``): a given target without one of them is not a request the service makes,
    so eval says which key to add. ``note``: one line
    on where this comes from in the service.
    """

    own: Mapping[str, str] = field(default_factory=lambda: {"project_id": "project_id"})
    parents: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, object] = field(default_factory=dict)
    loaded: tuple[str, ...] = ()  # prefixes of keys it fills from its database before enforcing
    note: str = ""


@dataclass(frozen=True)
class ServiceProfile:
    name: str  # the service's project name: nova, neutron ...
    types: tuple[str, ...] = ()  # official service type first, then aliases and old types
    namespaces: tuple[str, ...] = ()  # oslo.policy.policies entry point names
    file_names: tuple[str, ...] = ()  # other names its files and folders go by (marconi for zaqar)
    credentials: frozenset[str] = frozenset()  # keys its RequestContext adds to oslo.context's
    credentials_known: bool = False  # its to_policy_values() was read: no other key reaches its checks
    checks: Mapping[str, CheckFactory] = field(default_factory=dict)  # kinds it registers
    derive_creds: DeriveCreds | None = None
    derive_overrides: frozenset[str] = frozenset()  # derived keys the service sets whatever the caller gave
    targets: TargetHints = field(default_factory=TargetHints)
    paste: PasteSpec | None = None
    enforces_by_reference: bool = False  # enforces rule:ACTION (a KeyError inside is then False)
    renamed_types: Mapping[str, str] = field(default_factory=dict)  # an old catalog type -> its official successor
    era: str = ""  # the releases this profile was read from

    @property
    def names(self) -> tuple[str, ...]:
        """Every name that means this service: project name, other names, namespaces."""
        return tuple(dict.fromkeys((self.name, *self.file_names, *self.namespaces)))
