"""glance: targets with the image ``owner`` (no check kind, no credential of its own)."""

from __future__ import annotations

from policykit.services.profile import PasteSpec, ServiceProfile, TargetHints

PROFILE = ServiceProfile(
    name="glance",
    types=("image",),
    namespaces=("glance",),
    credentials_known=True,  # glance's RequestContext adds nothing to oslo.context's to_policy_values()
    targets=TargetHints(own={"project_id": "project_id", "owner": "project_id", "member_id": "project_id"},
                        note="glance's image targets carry the owning project as owner and project_id"),
    paste=PasteSpec("flavor", ("glance-api",), {"composite_key_check": True}),
    era="glance Havana to 2026.2",
)
