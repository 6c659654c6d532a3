"""ironic: its types and namespaces (no check kind or credential of its own)."""

from __future__ import annotations

from policykit.services.profile import ServiceProfile

PROFILE = ServiceProfile(
    name="ironic",
    types=("baremetal", "bare-metal"),
    namespaces=("ironic.api",),
    era="ironic Havana (Icehouse) to 2026.2",
)
