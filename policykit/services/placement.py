"""placement: its types and namespaces (no check kind or credential of its own)."""

from __future__ import annotations

from policykit.services.profile import ServiceProfile

PROFILE = ServiceProfile(
    name="placement",
    types=("placement",),
    namespaces=("placement",),
    credentials_known=True,  # placement adds nothing to oslo.context's
    era="placement Stein to 2026.2",
)
