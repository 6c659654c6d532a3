"""heat: the ``is_admin``, ``user``, ``tenant`` credentials (no check kind of its own).

heat registers no check class. Its RequestContext sets ``is_admin`` from
``context_is_admin`` decided with an empty target, and ``to_policy_values`` adds
``user`` (the user id), ``tenant`` (the project id), ``is_admin`` and
``auth_token_info`` (``heat/common/context.py``).
"""

from __future__ import annotations

from policykit.services.nova import derive_is_admin
from policykit.services.profile import PasteSpec, ServiceProfile, TargetHints


def _derive(creds, decide):
    derived = derive_is_admin(lambda _creds: {})(creds, decide)
    return {**derived, "user": creds.get("user_id"), "tenant": creds.get("project_id")}


PROFILE = ServiceProfile(
    name="heat",
    types=("orchestration", "cloudformation"),
    namespaces=("heat",),
    credentials=frozenset({"is_admin", "user", "tenant", "auth_token_info"}),
    credentials_known=True,
    derive_creds=_derive,
    targets=TargetHints(own={"project_id": "project_id", "tenant": "project_id", "user_id": "user_id"},
                        note="heat stacks carry the owner's project (tenant) and user"),
    paste=PasteSpec("flavor", ("heat-api", "heat-api-cfn"), {"composite_key_check": True, "falls_back_to_default": True}),
    era="heat Havana to 2026.2",
)
