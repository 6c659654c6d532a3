"""placement: its types and namespaces (no check kind or credential of its own)."""

from __future__ import annotations

from policykit.services.profile import ServiceProfile

PROFILE = ServiceProfile(
    name="placement",
    types=("placement",),
    namespaces=("placement",),
    era="placement Stein to 2026.2",
)
