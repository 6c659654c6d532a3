"""cinder: the ``is_admin`` credential (no check kind of its own), its targets.

cinder registers no check class: ``is_admin:True`` is oslo's generic check, comparing
the string 'True' with ``str(creds['is_admin'])``. Its RequestContext sets ``is_admin``
from ``context_is_admin`` decided with the creds themselves as the target
(``cinder/policy.py`` check_is_admin), and ``to_policy_values`` adds it.
"""

from __future__ import annotations

from policykit.services.nova import derive_is_admin
from policykit.services.profile import PasteSpec, ServiceProfile, TargetHints

PROFILE = ServiceProfile(
    name="cinder",
    types=("block-storage", "volumev3", "volumev2", "volume", "block-store"),
    namespaces=("cinder",),
    credentials=frozenset({"is_admin"}),
    credentials_known=True,
    derive_creds=derive_is_admin(dict),
    targets=TargetHints(own={"project_id": "project_id", "user_id": "user_id"},
                        note="cinder volumes carry project_id and user_id of their owner"),
    paste=PasteSpec("auth_strategy", ("osapi_volume",), {
        "auth_strategy_options": (("DEFAULT", "auth_strategy"),),
        "rate_limit_options": (("DEFAULT", "api_rate_limit"),)}),
    era="cinder Havana to 2026.2",
)
