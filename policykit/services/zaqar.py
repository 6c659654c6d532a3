"""zaqar (called marconi until Icehouse): messaging, once typed ``queuing``."""

from __future__ import annotations

from policykit.services.profile import ServiceProfile

PROFILE = ServiceProfile(
    name="zaqar",
    types=("message", "messaging", "queuing"),
    namespaces=("zaqar",),
    file_names=("marconi",),
    renamed_types={"queuing": "message"},  # marconi's Havana catalog type
    era="marconi Havana, zaqar Juno to 2026.2",
)
