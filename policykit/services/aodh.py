"""aodh: its types and namespaces (no check kind or credential of its own)."""

from __future__ import annotations

from policykit.services.profile import ServiceProfile

PROFILE = ServiceProfile(
    name="aodh",
    types=("alarm", "alarming"),
    namespaces=("aodh",),
    era="aodh Liberty to 2026.2",
)
