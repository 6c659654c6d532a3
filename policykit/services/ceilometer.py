"""ceilometer: its types and namespaces (no check kind or credential of its own)."""

from __future__ import annotations

from policykit.services.profile import ServiceProfile

PROFILE = ServiceProfile(
    name="ceilometer",
    types=("meter", "metering", "telemetry"),
    namespaces=(),
    era="ceilometer Havana to Pike (policy.json; the API was removed later)",
)
