"""trove: its types and namespaces (no check kind or credential of its own)."""

from __future__ import annotations

from policykit.services.profile import PasteSpec, ServiceProfile

PROFILE = ServiceProfile(
    name="trove",
    types=("database",),
    namespaces=("trove",),
    paste=PasteSpec("fixed", ("trove",), {"unauthenticated_filters": ()}),
    era="trove Havana to 2026.2",
)
