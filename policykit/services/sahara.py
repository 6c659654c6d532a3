"""sahara: its types and namespaces (no check kind or credential of its own)."""

from __future__ import annotations

from policykit.services.profile import ServiceProfile

PROFILE = ServiceProfile(
    name="sahara",
    types=("data-processing",),
    namespaces=("sahara",),
    era="sahara Havana to 2026.2",
)
