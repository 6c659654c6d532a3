"""keystone: its credentials and targets (no check kind of its own).

keystone registers no check class. Its policy creds add token, trust and group details
to oslo.context's (``keystone/common/rbac_enforcer``), and its targets are nested
objects flattened with dots (``target.user.id``, ``target.project.domain_id``).
"""

from __future__ import annotations

from policykit.services.profile import PasteSpec, ServiceProfile, TargetHints

PROFILE = ServiceProfile(
    name="keystone",
    types=("identity",),
    namespaces=("keystone",),
    credentials=frozenset({"token", "trust_id", "trustor_id", "trustee_id", "domain_name", "group_ids"}),
    credentials_known=True,
    targets=TargetHints(
        own={"user_id": "user_id", "project_id": "project_id", "domain_id": "domain_id",
             "target.user.id": "user_id", "target.user.domain_id": "user_domain_id",
             "target.project.id": "project_id", "target.project.domain_id": "project_domain_id",
             "target.domain.id": "domain_id", "target.token.user_id": "user_id",
             "target.credential.user_id": "user_id", "target.trust.trustor_user_id": "user_id",
             "target.trust.trustee_user_id": "user_id"},
        note="keystone flattens the entity the request is about under target.*"),
    paste=PasteSpec("fixed", ("main", "admin")),
    era="keystone Havana to 2026.2",
)
